-- Indexes that lead with owner_id (policy-only reads), manual_graded_by pinned to the cell's
-- owner, and Storage owner columns pinned to the folder's user.
begin;
select plan(14);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');
set constraints public.run_cell_dataset_row_fkey immediate;

-- The plan of a query, as the caller (rolled back with the rest of this file).
create function tests.explain(query text) returns setof text language plpgsql as $$
begin
  return query execute 'explain ' || query;
end;
$$;
grant execute on function tests.explain(text) to authenticated;

-- indexes --------------------------------------------------------------------------------------
select has_index('public', 'dataset_row', 'dataset_row_owner_id_idx', array['owner_id'], 'dataset_row: an index leads with owner_id');
select has_index('public', 'run_model', 'run_model_owner_id_idx', array['owner_id'], 'run_model: an index leads with owner_id');
select has_index('public', 'run_cell', 'run_cell_owner_id_idx', array['owner_id'], 'run_cell: an index leads with owner_id');

-- A policy-only read uses the owner index once the planner may not scan (the fixture tables are
-- tiny, so a sequential scan would otherwise win on cost alone).
select tests.authenticate_as('alice');
set local enable_seqscan = off;
select ok(
  (select string_agg(line, ' ') from (select * from tests.explain('select id from public.run_cell')) as plan (line)) ~ 'run_cell_owner_id_idx',
  'run_cell: a policy-only read uses run_cell_owner_id_idx');
reset enable_seqscan;

-- manual_graded_by -----------------------------------------------------------------------------
select results_eq(
  format($$update public.run_cell set manual_pass = true, manual_graded_by = auth.uid() where id = %L returning manual_graded_by$$,
         tests.fixture_id('alice', 'run_cell')),
  format($$values (%L::uuid)$$, tests.get_supabase_uid('alice')),
  'run_cell: alice records herself as the grader of her cell');
select throws_ok(
  format($$update public.run_cell set manual_graded_by = %L where id = %L$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'run_cell')),
  '23514', null,
  'run_cell: alice cannot say bob graded her cell');
select lives_ok(
  format($$update public.run_cell set manual_graded_by = null, manual_pass = null where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  'run_cell: a cleared manual grade has no grader');
select tests.authenticate_as_service_role();
select throws_ok(
  format($$update public.run_cell set manual_graded_by = %L where id = %L$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'run_cell')),
  '23514', null,
  'run_cell: not even service_role can name another user as the grader');

-- Storage owner columns ------------------------------------------------------------------------
select tests.authenticate_as('alice');
select lives_ok(
  format($$insert into storage.objects (bucket_id, name, owner, owner_id) values ('datasets', %L, %L, %L)$$,
         tests.get_supabase_uid('alice') || '/d9/own.csv', tests.get_supabase_uid('alice'), tests.get_supabase_uid('alice')),
  'storage: alice uploads into her folder as herself');
select lives_ok(
  format($$insert into storage.objects (bucket_id, name) values ('datasets', %L)$$, tests.get_supabase_uid('alice') || '/d9/plain.csv'),
  'storage: an upload without owner columns is still accepted');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name, owner_id) values ('datasets', %L, %L)$$,
         tests.get_supabase_uid('alice') || '/d9/spoof.csv', tests.get_supabase_uid('bob')),
  '42501', null,
  'storage: alice cannot upload into her folder as bob (owner_id)');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name, owner) values ('datasets', %L, %L)$$,
         tests.get_supabase_uid('alice') || '/d9/spoof2.csv', tests.get_supabase_uid('bob')),
  '42501', null,
  'storage: alice cannot upload into her folder as bob (owner)');
select throws_ok(
  format($$update storage.objects set owner_id = %L where name = %L$$, tests.get_supabase_uid('bob'), tests.get_supabase_uid('alice') || '/d9/own.csv'),
  '42501', null,
  'storage: alice cannot hand her object''s ownership to bob');
select results_eq(
  format($$select owner_id from storage.objects where name = %L$$, tests.get_supabase_uid('alice') || '/d9/own.csv'),
  format($$values (%L::text)$$, tests.get_supabase_uid('alice')),
  'storage: the object still belongs to alice');

select * from finish();
rollback;
