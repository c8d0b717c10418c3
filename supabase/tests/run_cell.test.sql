-- RLS on public.run_cell, its composite keys, and one cell per (run model, dataset row).
begin;
select plan(27);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

-- run_cell_dataset_row_fkey is checked at commit; this file never commits, so check it at
-- each statement instead.
set constraints public.run_cell_dataset_row_fkey immediate;

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.run_cell'::regclass),
  'run_cell: row level security is enabled');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq('select id from public.run_cell',
  array[tests.fixture_id('alice', 'run_cell')],
  'run_cell: alice sees exactly her own cells');
select lives_ok(
  format($$insert into public.run_cell (run_model_id, dataset_row_id, status, error_text, attempts)
           values (%L, null, 'failed', 'timeout', 3)$$,
         tests.fixture_id('alice', 'run_model')),
  'run_cell: alice inserts a cell into her run');
select results_eq(
  $$select owner_id, grades, simulated from public.run_cell where error_text = 'timeout'$$,
  format($$values (%L::uuid, '[]'::jsonb, false)$$, tests.get_supabase_uid('alice')),
  'run_cell: a new cell defaults to owner_id = auth.uid(), no grades, not simulated');
select results_eq(
  format($$update public.run_cell set manual_pass = true, manual_note = 'fine' where id = %L returning manual_pass, manual_note$$,
         tests.fixture_id('alice', 'run_cell')),
  $$values (true, 'fine')$$,
  'run_cell: alice grades her cell by hand');
select ok((select updated_at > '2000-01-01'::timestamptz from public.run_cell where id = tests.fixture_id('alice', 'run_cell')),
  'run_cell: an update moves updated_at');
select results_eq(
  $$delete from public.run_cell where error_text = 'timeout' returning error_text$$,
  $$values ('timeout')$$,
  'run_cell: alice deletes her cell');
select throws_ok(
  format($$insert into public.run_cell (owner_id, run_model_id, status) values (%L, %L, 'completed')$$,
         tests.get_supabase_uid('bob'), tests.fixture_id('bob', 'run_model')),
  '42501', null,
  'run_cell: alice cannot insert a cell owned by bob');
select throws_ok(
  format($$insert into public.run_cell (run_model_id, status) values (%L, 'completed')$$, tests.fixture_id('bob', 'run_model')),
  '23503', null,
  'run_cell: alice cannot add a cell to bob''s run model (composite foreign key)');
select throws_ok(
  format($$insert into public.run_cell (run_model_id, dataset_row_id, status) values (%L, %L, 'completed')$$,
         tests.fixture_id('alice', 'run_model'), tests.fixture_id('bob', 'dataset_row')),
  '23503', null,
  'run_cell: alice cannot point a cell at bob''s dataset row (composite foreign key)');
select throws_ok(
  format($$delete from public.dataset_row where id = %L$$, tests.fixture_id('alice', 'dataset_row')),
  '23503', null,
  'run_cell: a dataset row that a cell points at cannot be deleted');
select throws_ok(
  format($$update public.run_cell set run_model_id = %L where id = %L$$, tests.fixture_id('bob', 'run_model'), tests.fixture_id('alice', 'run_cell')),
  '23503', null,
  'run_cell: alice cannot move her cell into bob''s run model');
select throws_ok(
  format($$update public.run_cell set owner_id = %L where id = %L$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'run_cell')),
  '42501', null,
  'run_cell: alice cannot give her cell to bob');

-- one cell per (run model, dataset row), NULL row included ---------------------------------------
select throws_ok(
  format($$insert into public.run_cell (run_model_id, dataset_row_id, status) values (%L, %L, 'completed')$$,
         tests.fixture_id('alice', 'run_model'), tests.fixture_id('alice', 'dataset_row')),
  '23505', null,
  'run_cell: a second cell for the same run model and dataset row is rejected');
select lives_ok(
  format($$insert into public.run_cell (run_model_id, dataset_row_id, status) values (%L, null, 'completed')$$,
         tests.fixture_id('alice', 'run_model')),
  'run_cell: a dataset-less cell is accepted once');
select throws_ok(
  format($$insert into public.run_cell (run_model_id, dataset_row_id, status) values (%L, null, 'completed')$$,
         tests.fixture_id('alice', 'run_model')),
  '23505', null,
  'run_cell: a second dataset-less cell for the same run model is rejected (nulls not distinct)');
select results_eq(
  format($$insert into public.run_cell (run_model_id, dataset_row_id, status, output_text) values (%L, null, 'completed', 'retried')
           on conflict (run_model_id, owner_id, dataset_row_id) do update set output_text = excluded.output_text
           returning output_text$$,
         tests.fixture_id('alice', 'run_model')),
  $$values ('retried')$$,
  'run_cell: an upsert on (run_model_id, owner_id, dataset_row_id) replaces the dataset-less cell');
select is(
  (select count(*)::int from public.run_cell where run_model_id = tests.fixture_id('alice', 'run_model')),
  2,
  'run_cell: the run model still has exactly two cells');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty(format($$select 1 from public.run_cell where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  'run_cell: bob cannot read alice''s cell');
select is_empty(format($$update public.run_cell set manual_pass = false where id = %L returning 1$$, tests.fixture_id('alice', 'run_cell')),
  'run_cell: bob cannot update alice''s cell');
select is_empty(format($$update public.run_cell set owner_id = %L where id = %L returning 1$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'run_cell')),
  'run_cell: bob cannot take alice''s cell');
select is_empty(format($$delete from public.run_cell where id = %L returning 1$$, tests.fixture_id('alice', 'run_cell')),
  'run_cell: bob cannot delete alice''s cell');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok('select 1 from public.run_cell', '42501', null, 'run_cell: anon cannot read cells');
select throws_ok(
  format($$insert into public.run_cell (run_model_id, status) values (%L, 'completed')$$, tests.fixture_id('alice', 'run_model')),
  '42501', null,
  'run_cell: anon cannot insert a cell');

-- service role ---------------------------------------------------------------------------------
select tests.authenticate_as_service_role();

select ok(
  (select count(*) from public.run_cell where owner_id = tests.get_supabase_uid('alice')) = 2
  and (select count(*) from public.run_cell where owner_id = tests.get_supabase_uid('bob')) = 1,
  'run_cell: service_role sees every user''s cells');
select throws_ok(
  format($$insert into public.run_cell (owner_id, run_model_id, status) values (%L, %L, 'completed')$$,
         tests.get_supabase_uid('alice'), tests.fixture_id('bob', 'run_model')),
  '23503', null,
  'run_cell: even service_role cannot give alice a cell in bob''s run');

reset role;
select results_eq(
  format($$select manual_pass, manual_note, output_text, owner_id from public.run_cell where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  format($$values (true, 'fine', 'Hello Ada', %L::uuid)$$, tests.get_supabase_uid('alice')),
  'run_cell: alice''s cell holds only her own changes');

select * from finish();
rollback;
