-- The dataset import over the Data API (append_dataset_rows, finish_dataset_import) and the
-- run_cell_count view: owner only, idempotent batches, all-or-nothing visibility.
begin;
select plan(21);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select is((select prosecdef from pg_catalog.pg_proc where oid = 'public.append_dataset_rows(uuid, int, text)'::regprocedure),
  false, 'import: append_dataset_rows is security invoker');
select is((select proconfig from pg_catalog.pg_proc where oid = 'public.append_dataset_rows(uuid, int, text)'::regprocedure),
  array['search_path=""'], 'import: append_dataset_rows has an empty search_path');
select is((select prosecdef from pg_catalog.pg_proc where oid = 'public.finish_dataset_import(uuid, int)'::regprocedure),
  false, 'import: finish_dataset_import is security invoker');
select is((select proconfig from pg_catalog.pg_proc where oid = 'public.finish_dataset_import(uuid, int)'::regprocedure),
  array['search_path=""'], 'import: finish_dataset_import has an empty search_path');
select ok((select 'security_invoker=true' = any(reloptions) from pg_catalog.pg_class where oid = 'public.run_cell_count'::regclass),
  'run_cell_count: the view runs with the caller''s rights');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select lives_ok(
  $$insert into public.dataset (id, name, file_path, columns, status)
    values ('00000000-0000-4000-8000-00000000a001', 'big.csv', 'alice/big.csv', '["q"]', 'importing')$$,
  'import: alice creates a dataset in the importing state');
select is(public.append_dataset_rows('00000000-0000-4000-8000-00000000a001', 0, '[{"q":"a"},{"q":"b"}]'), 2,
  'import: alice appends a batch of rows');
select is(public.append_dataset_rows('00000000-0000-4000-8000-00000000a001', 0, '[{"q":"a"},{"q":"b"}]'), 2,
  'import: a retried batch is accepted again');
select is(public.append_dataset_rows('00000000-0000-4000-8000-00000000a001', 2, '[{"q":"c"}]'), 1,
  'import: the next batch continues the numbering');
select results_eq(
  $$select row_index, data_json ->> 'q' from public.dataset_row where dataset_id = '00000000-0000-4000-8000-00000000a001' order by row_index$$,
  $$values (0, 'a'), (1, 'b'), (2, 'c')$$,
  'import: every row once, numbered in order (the retry did not duplicate)');
select throws_ok(
  $$select public.append_dataset_rows('00000000-0000-4000-8000-00000000a001', 3, '{"q":"not a list"}')$$,
  '22023', null,
  'import: a batch must be a JSON array');
select throws_ok(
  $$select public.finish_dataset_import('00000000-0000-4000-8000-00000000a001', 4)$$,
  'P0001', null,
  'import: finishing with a row count that does not match fails');
select results_eq(
  $$select status, row_count from public.finish_dataset_import('00000000-0000-4000-8000-00000000a001', 3)$$,
  $$values ('ready', 3)$$,
  'import: finishing makes the dataset ready with its row count');
select throws_ok(
  $$select public.append_dataset_rows('00000000-0000-4000-8000-00000000a001', 3, '[{"q":"late"}]')$$,
  'P0002', null,
  'import: a finished dataset takes no more rows');
select results_eq(
  format($$select cell_count, failed_count from public.run_cell_count where run_id = %L$$, tests.fixture_id('alice', 'run')),
  $$values (1, 0)$$,
  'run_cell_count: alice counts the cells of her run');
select is_empty(format($$select 1 from public.run_cell_count where run_id = %L$$, tests.fixture_id('bob', 'run')),
  'run_cell_count: alice cannot count bob''s cells');

-- another user ---------------------------------------------------------------------------------
reset role;
insert into public.dataset (id, owner_id, name, file_path, status)
values ('00000000-0000-4000-8000-00000000a002', tests.get_supabase_uid('alice'), 'wip.csv', 'alice/wip.csv', 'importing');
select tests.authenticate_as('bob');

select throws_ok(
  $$select public.append_dataset_rows('00000000-0000-4000-8000-00000000a002', 0, '[{"q":"evil"}]')$$,
  'P0002', null,
  'import: bob cannot add rows to alice''s import');
select throws_ok(
  $$select public.finish_dataset_import('00000000-0000-4000-8000-00000000a002', 0)$$,
  'P0002', null,
  'import: bob cannot finish alice''s import');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok(
  $$select public.append_dataset_rows('00000000-0000-4000-8000-00000000a002', 0, '[]')$$,
  '42501', null,
  'import: anon cannot call the import functions');
select throws_ok('select 1 from public.run_cell_count', '42501', null, 'run_cell_count: anon cannot read it');

reset role;
select results_eq(
  $$select status, row_count, (select count(*)::int from public.dataset_row where dataset_id = '00000000-0000-4000-8000-00000000a002')
    from public.dataset where id = '00000000-0000-4000-8000-00000000a002'$$,
  $$values ('importing', 0, 0)$$,
  'import: alice''s unfinished import is untouched by the others');

select * from finish();
rollback;
