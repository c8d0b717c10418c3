-- RLS on public.run_batch, and the composite keys that tie a batch to its run and run model's owner.
begin;
select plan(16);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.run_batch'::regclass),
  'run_batch: row level security is enabled');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select lives_ok(
  format($$insert into public.run_batch (run_id, run_model_id, provider, position, input_file_id, completion_window, line_count)
           values (%L, %L, 'groq', 1, 'file_in_1', '24h', 1000)$$,
         tests.fixture_id('alice', 'run'), tests.fixture_id('alice', 'run_model')),
  'run_batch: alice records a batch of her run');
select is((select owner_id from public.run_batch where input_file_id = 'file_in_1'),
  tests.get_supabase_uid('alice'),
  'run_batch: a new batch defaults to owner_id = auth.uid()');
select is((select state from public.run_batch where input_file_id = 'file_in_1'), 'uploaded',
  'run_batch: a new batch starts as uploaded (no batch id yet)');
select lives_ok(
  $$update public.run_batch set batch_id = 'batch_1', state = 'in_progress', completed_count = 610, submitted_at = now() where input_file_id = 'file_in_1'$$,
  'run_batch: alice records the batch id and progress');
select results_eq($$select batch_id, state, completed_count from public.run_batch$$, $$values ('batch_1', 'in_progress', 610)$$,
  'run_batch: alice reads her batch back');
select throws_ok(
  $$update public.run_batch set state = 'done'$$, '23514', null,
  'run_batch: the state is one the Batch API reports');
select throws_ok(
  format($$insert into public.run_batch (run_id, run_model_id, provider, position, input_file_id, completion_window, line_count)
           values (%L, %L, 'groq', 2, 'file_in_2', '24h', 5)$$, tests.fixture_id('alice', 'run'), tests.fixture_id('bob', 'run_model')),
  '23503', null,
  'run_batch: alice cannot attach bob''s run model to her run (composite foreign key)');
select throws_ok(
  format($$insert into public.run_batch (owner_id, run_id, run_model_id, provider, position, input_file_id, completion_window, line_count)
           values (%L, %L, %L, 'groq', 1, 'f', '24h', 5)$$, tests.get_supabase_uid('bob'), tests.fixture_id('bob', 'run'), tests.fixture_id('bob', 'run_model')),
  '42501', null,
  'run_batch: alice cannot insert a batch owned by bob');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty($$select 1 from public.run_batch$$, 'run_batch: bob sees none of alice''s batches');
select is_empty($$update public.run_batch set state = 'cancelled' returning 1$$, 'run_batch: bob cannot update alice''s batch');
select is_empty($$delete from public.run_batch returning 1$$, 'run_batch: bob cannot delete alice''s batch');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok('select 1 from public.run_batch', '42501', null, 'run_batch: anon cannot read batches');

-- service role, and deleting the run ----------------------------------------------------------
select tests.authenticate_as_service_role();
select results_eq($$select count(*)::int from public.run_batch$$, $$values (1)$$,
  'run_batch: service_role sees every user''s batches');

select tests.authenticate_as('alice');
select lives_ok(format($$delete from public.run where id = %L$$, tests.fixture_id('alice', 'run')), 'run_batch: alice deletes her run');
select is_empty($$select 1 from public.run_batch$$, 'run_batch: the batch goes with its run');

select * from finish();
rollback;
