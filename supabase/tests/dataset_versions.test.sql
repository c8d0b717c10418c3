-- Datasets as objects: one ready dataset per content hash and owner, versions per source path,
-- run counts, and delete_dataset() (owner only; keeps the rows runs' cells use).
begin;
select plan(27);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select is((select prosecdef from pg_catalog.pg_proc where oid = 'public.delete_dataset(uuid)'::regprocedure),
  false, 'delete_dataset is security invoker');
select is((select proconfig from pg_catalog.pg_proc where oid = 'public.delete_dataset(uuid)'::regprocedure),
  array['search_path=""'], 'delete_dataset has an empty search_path');
select is((select proconfig from pg_catalog.pg_proc where oid = 'public.dataset_set_version()'::regprocedure),
  array['search_path=""'], 'dataset_set_version has an empty search_path');
select ok((select 'security_invoker=true' = any(reloptions) from pg_catalog.pg_class where oid = 'public.dataset_run_count'::regclass),
  'dataset_run_count runs with the caller''s rights');
select ok(not has_function_privilege('anon', 'public.delete_dataset(uuid)', 'execute'), 'anon cannot call delete_dataset');

-- content hash -----------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select lives_ok(
  $$insert into public.dataset (id, name, file_path, source_path, columns, content_hash, size_bytes)
    values ('00000000-0000-4000-8000-0000000000a1', 'tickets.csv', 'data/tickets.csv', 'data/tickets.csv', '["q"]', repeat('a', 64), 12)$$,
  'hash: alice stores tickets.csv with its content hash');
select throws_ok(
  $$insert into public.dataset (name, file_path, source_path, columns, content_hash)
    values ('copy.csv', 'data/copy.csv', 'data/copy.csv', '["q"]', repeat('a', 64))$$,
  '23505', null,
  'hash: a second ready dataset with the same bytes is refused');
select lives_ok(
  $$insert into public.dataset (id, name, file_path, columns, content_hash, status)
    values ('00000000-0000-4000-8000-0000000000a9', 'copy.csv', 'x', '["q"]', repeat('a', 64), 'importing')$$,
  'hash: an import in progress with the same bytes is allowed (it is checked when it becomes ready)');
select throws_ok(
  $$select public.finish_dataset_import('00000000-0000-4000-8000-0000000000a9', 0)$$,
  '23505', null,
  'hash: it cannot become ready beside the dataset holding those bytes');
select throws_ok(
  $$insert into public.dataset (name, file_path, columns, content_hash) values ('bad', 'bad', '[]', 'not-a-hash')$$,
  '23514', null,
  'hash: a content hash is 64 hex digits');
select results_eq(
  $$select id from public.dataset where content_hash = repeat('a', 64) and status = 'ready'$$,
  $$values ('00000000-0000-4000-8000-0000000000a1'::uuid)$$,
  'hash: the lookup by hash finds the one ready dataset');

-- versions ------------------------------------------------------------------------------------
select lives_ok(
  $$insert into public.dataset (id, name, file_path, source_path, columns, content_hash)
    values ('00000000-0000-4000-8000-0000000000a2', 'tickets.csv', 'data/tickets.csv', 'data/tickets.csv', '["q"]', repeat('b', 64))$$,
  'versions: the changed file is stored');
select results_eq(
  $$select version, previous_version_id from public.dataset where id = '00000000-0000-4000-8000-0000000000a2'$$,
  $$values (2, '00000000-0000-4000-8000-0000000000a1'::uuid)$$,
  'versions: it is version 2 and records version 1 as its predecessor');
select lives_ok(
  $$insert into public.dataset (id, name, file_path, source_path, columns, content_hash)
    values ('00000000-0000-4000-8000-0000000000a3', 'tickets.csv', 'data/tickets.csv', 'data/tickets.csv', '["q"]', repeat('c', 64))$$,
  'versions: a third change is stored');
select results_eq(
  $$select version, previous_version_id from public.dataset where id = '00000000-0000-4000-8000-0000000000a3'$$,
  $$values (3, '00000000-0000-4000-8000-0000000000a2'::uuid)$$,
  'versions: it follows the latest version');
select results_eq(
  $$select version, previous_version_id from public.dataset where id = tests.fixture_id('alice', 'dataset')$$,
  $$values (1, null::uuid)$$,
  'versions: a dataset without a source path is version 1 of its own');

-- bob ------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');
select lives_ok(
  $$insert into public.dataset (name, file_path, source_path, columns, content_hash)
    values ('tickets.csv', 'data/tickets.csv', 'data/tickets.csv', '["q"]', repeat('a', 64))$$,
  'bob: the same bytes are his own dataset (the hash is unique per owner)');
select results_eq(
  $$select version, previous_version_id from public.dataset where content_hash = repeat('a', 64)$$,
  $$values (1, null::uuid)$$,
  'bob: his is version 1 and sees only his own');
select is_empty($$select 1 from public.dataset_run_count where dataset_id = tests.fixture_id('alice', 'dataset')$$,
  'bob: cannot count alice''s runs');
select throws_ok(
  format($$select * from public.delete_dataset(%L)$$, tests.fixture_id('alice', 'dataset')),
  'P0002', null,
  'bob: cannot delete alice''s dataset');

-- deleting ---------------------------------------------------------------------------------------
select tests.authenticate_as('alice');
select results_eq(
  $$select run_count from public.dataset_run_count where dataset_id = tests.fixture_id('alice', 'dataset')$$,
  $$values (1)$$,
  'runs: alice''s seeded dataset is used by one run');
insert into public.dataset_row (dataset_id, row_index, data_json)
  values (tests.fixture_id('alice', 'dataset'), 1, '{"name":"Grace"}');
select results_eq(
  format($$select run_count, rows_deleted, rows_kept, removed from public.delete_dataset(%L)$$, tests.fixture_id('alice', 'dataset')),
  $$values (1, 1, 1, false)$$,
  'delete: with a run, the row no cell uses goes, the row a cell uses stays, the dataset is kept as deleted');
select results_eq(
  format($$select status from public.dataset where id = %L$$, tests.fixture_id('alice', 'dataset')),
  $$values ('deleted')$$,
  'delete: the dataset is marked deleted');
select results_eq(
  format($$select c.output_text, r.data_json ->> 'name' from public.run_cell c join public.dataset_row r on r.id = c.dataset_row_id where c.id = %L$$, tests.fixture_id('alice', 'run_cell')),
  $$values ('Hello Ada', 'Ada')$$,
  'delete: the run''s cell and the row it ran on stay readable');
select results_eq(
  $$select run_count, rows_deleted, rows_kept, removed from public.delete_dataset('00000000-0000-4000-8000-0000000000a1')$$,
  $$values (0, 0, 0, true)$$,
  'delete: without runs the dataset is deleted whole');
select results_eq(
  $$select previous_version_id from public.dataset where id = '00000000-0000-4000-8000-0000000000a2'$$,
  $$values (null::uuid)$$,
  'delete: its successor forgets the predecessor that is gone');

select tests.authenticate_as('bob');
select results_eq(
  format($$select count(*)::int from public.dataset_row where dataset_id = %L$$, tests.fixture_id('bob', 'dataset')),
  $$values (1)$$,
  'bob: his rows are untouched');

select * from finish();
rollback;
