-- RLS on public.dataset_row, and the composite key that ties a row to its dataset's owner.
begin;
select plan(20);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.dataset_row'::regclass),
  'dataset_row: row level security is enabled');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq('select id from public.dataset_row',
  array[tests.fixture_id('alice', 'dataset_row')],
  'dataset_row: alice sees exactly her own rows');
select lives_ok(
  format($$insert into public.dataset_row (dataset_id, row_index, data_json) values (%L, 1, '{"name":"Grace"}')$$,
         tests.fixture_id('alice', 'dataset')),
  'dataset_row: alice inserts a row into her dataset');
select is((select owner_id from public.dataset_row where row_index = 1),
  tests.get_supabase_uid('alice'),
  'dataset_row: a new row defaults to owner_id = auth.uid()');
select results_eq(
  format($$update public.dataset_row set data_json = '{"name":"Ada L."}' where id = %L returning data_json ->> 'name'$$,
         tests.fixture_id('alice', 'dataset_row')),
  $$values ('Ada L.')$$,
  'dataset_row: alice updates her row');
select ok((select updated_at > '2000-01-01'::timestamptz from public.dataset_row where id = tests.fixture_id('alice', 'dataset_row')),
  'dataset_row: an update moves updated_at');
select results_eq(
  $$delete from public.dataset_row where row_index = 1 returning row_index$$,
  $$values (1)$$,
  'dataset_row: alice deletes her row');
select throws_ok(
  format($$insert into public.dataset_row (owner_id, dataset_id, row_index, data_json) values (%L, %L, 5, '{}')$$,
         tests.get_supabase_uid('bob'), tests.fixture_id('bob', 'dataset')),
  '42501', null,
  'dataset_row: alice cannot insert a row owned by bob');
select throws_ok(
  format($$insert into public.dataset_row (dataset_id, row_index, data_json) values (%L, 5, '{}')$$,
         tests.fixture_id('bob', 'dataset')),
  '23503', null,
  'dataset_row: alice cannot add a row to bob''s dataset (composite foreign key)');
select throws_ok(
  format($$update public.dataset_row set dataset_id = %L, row_index = 42 where id = %L$$,
         tests.fixture_id('bob', 'dataset'), tests.fixture_id('alice', 'dataset_row')),
  '23503', null,
  'dataset_row: alice cannot move her row into bob''s dataset');
select throws_ok(
  format($$update public.dataset_row set owner_id = %L where id = %L$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'dataset_row')),
  '42501', null,
  'dataset_row: alice cannot give her row to bob');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty(format($$select 1 from public.dataset_row where id = %L$$, tests.fixture_id('alice', 'dataset_row')),
  'dataset_row: bob cannot read alice''s row');
select is_empty(format($$update public.dataset_row set data_json = '{}' where id = %L returning 1$$, tests.fixture_id('alice', 'dataset_row')),
  'dataset_row: bob cannot update alice''s row');
select is_empty(format($$update public.dataset_row set owner_id = %L where id = %L returning 1$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'dataset_row')),
  'dataset_row: bob cannot take alice''s row');
select is_empty(format($$delete from public.dataset_row where id = %L returning 1$$, tests.fixture_id('alice', 'dataset_row')),
  'dataset_row: bob cannot delete alice''s row');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok('select 1 from public.dataset_row', '42501', null, 'dataset_row: anon cannot read rows');
select throws_ok(
  format($$insert into public.dataset_row (dataset_id, row_index, data_json) values (%L, 9, '{}')$$, tests.fixture_id('alice', 'dataset')),
  '42501', null,
  'dataset_row: anon cannot insert a row');

-- service role ---------------------------------------------------------------------------------
select tests.authenticate_as_service_role();

select set_eq('select id from public.dataset_row',
  array[tests.fixture_id('alice', 'dataset_row'), tests.fixture_id('bob', 'dataset_row')],
  'dataset_row: service_role sees every user''s rows');
select throws_ok(
  format($$insert into public.dataset_row (owner_id, dataset_id, row_index, data_json) values (%L, %L, 7, '{}')$$,
         tests.get_supabase_uid('alice'), tests.fixture_id('bob', 'dataset')),
  '23503', null,
  'dataset_row: even service_role cannot give alice a row in bob''s dataset');

reset role;
select results_eq(
  format($$select data_json ->> 'name', owner_id, dataset_id from public.dataset_row where id = %L$$, tests.fixture_id('alice', 'dataset_row')),
  format($$values ('Ada L.', %L::uuid, %L::uuid)$$, tests.get_supabase_uid('alice'), tests.fixture_id('alice', 'dataset')),
  'dataset_row: alice''s row holds only her own changes');

select * from finish();
rollback;
