-- RLS on public.run, and the composite keys that tie a run to its owner's prompt and dataset.
begin;
select plan(21);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.run'::regclass),
  'run: row level security is enabled');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq('select id from public.run',
  array[tests.fixture_id('alice', 'run')],
  'run: alice sees exactly her own run');
select lives_ok(
  format($$insert into public.run (prompt_id, dataset_id, prompt_text, grader_texts, config)
           values (%L, %L, 'Hi {{name}}', '{"graders/a.prompt":"Grade it"}', '{"concurrency":4}')$$,
         tests.fixture_id('alice', 'prompt'), tests.fixture_id('alice', 'dataset')),
  'run: alice inserts a run of her prompt on her dataset');
select results_eq(
  $$select owner_id, status from public.run where prompt_text = 'Hi {{name}}'$$,
  format($$values (%L::uuid, 'pending')$$, tests.get_supabase_uid('alice')),
  'run: a new run defaults to owner_id = auth.uid() and status pending');
select results_eq(
  format($$update public.run set status = 'cancelled' where id = %L returning status$$, tests.fixture_id('alice', 'run')),
  $$values ('cancelled')$$,
  'run: alice updates her run');
select ok((select updated_at > '2000-01-01'::timestamptz from public.run where id = tests.fixture_id('alice', 'run')),
  'run: an update moves updated_at');
select results_eq(
  $$delete from public.run where prompt_text = 'Hi {{name}}' returning prompt_text$$,
  $$values ('Hi {{name}}')$$,
  'run: alice deletes her run');
select throws_ok(
  format($$insert into public.run (owner_id, prompt_text) values (%L, 'forged')$$, tests.get_supabase_uid('bob')),
  '42501', null,
  'run: alice cannot insert a run owned by bob');
select throws_ok(
  format($$insert into public.run (prompt_id, prompt_text) values (%L, 'x')$$, tests.fixture_id('bob', 'prompt')),
  '23503', null,
  'run: alice cannot point a run at bob''s prompt (composite foreign key)');
select throws_ok(
  format($$insert into public.run (dataset_id, prompt_text) values (%L, 'x')$$, tests.fixture_id('bob', 'dataset')),
  '23503', null,
  'run: alice cannot point a run at bob''s dataset (composite foreign key)');
select throws_ok(
  format($$update public.run set dataset_id = %L where id = %L$$, tests.fixture_id('bob', 'dataset'), tests.fixture_id('alice', 'run')),
  '23503', null,
  'run: alice cannot move her run onto bob''s dataset');
select throws_ok(
  format($$update public.run set owner_id = %L where id = %L$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'run')),
  '42501', null,
  'run: alice cannot give her run to bob');
select throws_ok(
  $$insert into public.run (prompt_text, status) values ('x', 'paused')$$,
  '23514', null,
  'run: status must be one of the known states');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty(format($$select 1 from public.run where id = %L$$, tests.fixture_id('alice', 'run')),
  'run: bob cannot read alice''s run');
select is_empty(format($$update public.run set status = 'failed' where id = %L returning 1$$, tests.fixture_id('alice', 'run')),
  'run: bob cannot update alice''s run');
select is_empty(format($$update public.run set owner_id = %L where id = %L returning 1$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'run')),
  'run: bob cannot take alice''s run');
select is_empty(format($$delete from public.run where id = %L returning 1$$, tests.fixture_id('alice', 'run')),
  'run: bob cannot delete alice''s run');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok('select 1 from public.run', '42501', null, 'run: anon cannot read runs');
select throws_ok($$insert into public.run (prompt_text) values ('anon')$$, '42501', null, 'run: anon cannot insert a run');

-- service role ---------------------------------------------------------------------------------
select tests.authenticate_as_service_role();

select set_eq('select id from public.run',
  array[tests.fixture_id('alice', 'run'), tests.fixture_id('bob', 'run')],
  'run: service_role sees every user''s runs');

reset role;
select results_eq(
  format($$select status, owner_id, dataset_id from public.run where id = %L$$, tests.fixture_id('alice', 'run')),
  format($$values ('cancelled', %L::uuid, %L::uuid)$$, tests.get_supabase_uid('alice'), tests.fixture_id('alice', 'dataset')),
  'run: alice''s run holds only her own changes');

select * from finish();
rollback;
