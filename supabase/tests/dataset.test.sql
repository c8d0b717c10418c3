-- RLS on public.dataset: the owner does everything, nobody else sees or changes anything.
begin;
select plan(17);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.dataset'::regclass),
  'dataset: row level security is enabled');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq('select id from public.dataset',
  array[tests.fixture_id('alice', 'dataset')],
  'dataset: alice sees exactly her own dataset');
select lives_ok(
  $$insert into public.dataset (name, file_path, row_count, columns)
    values ('tickets', 'alice/tickets.csv', 0, '["ticket","label"]')$$,
  'dataset: alice inserts a dataset');
select is((select owner_id from public.dataset where file_path = 'alice/tickets.csv'),
  tests.get_supabase_uid('alice'),
  'dataset: a new dataset defaults to owner_id = auth.uid()');
select results_eq(
  format($$update public.dataset set name = 'renamed' where id = %L returning name$$, tests.fixture_id('alice', 'dataset')),
  $$values ('renamed')$$,
  'dataset: alice updates her dataset');
select ok((select updated_at > '2000-01-01'::timestamptz from public.dataset where id = tests.fixture_id('alice', 'dataset')),
  'dataset: an update moves updated_at');
select results_eq(
  $$delete from public.dataset where file_path = 'alice/tickets.csv' returning file_path$$,
  $$values ('alice/tickets.csv')$$,
  'dataset: alice deletes her dataset');
select throws_ok(
  format($$insert into public.dataset (owner_id, name, file_path) values (%L, 'forged', 'forged.csv')$$, tests.get_supabase_uid('bob')),
  '42501', null,
  'dataset: alice cannot insert a dataset owned by bob');
select throws_ok(
  format($$update public.dataset set owner_id = %L where id = %L$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'dataset')),
  '42501', null,
  'dataset: alice cannot give her dataset to bob');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty(format($$select 1 from public.dataset where id = %L$$, tests.fixture_id('alice', 'dataset')),
  'dataset: bob cannot read alice''s dataset');
select is_empty(format($$update public.dataset set row_count = 99 where id = %L returning 1$$, tests.fixture_id('alice', 'dataset')),
  'dataset: bob cannot update alice''s dataset');
select is_empty(format($$update public.dataset set owner_id = %L where id = %L returning 1$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'dataset')),
  'dataset: bob cannot take alice''s dataset');
select is_empty(format($$delete from public.dataset where id = %L returning 1$$, tests.fixture_id('alice', 'dataset')),
  'dataset: bob cannot delete alice''s dataset');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok('select 1 from public.dataset', '42501', null, 'dataset: anon cannot read datasets');
select throws_ok(
  $$insert into public.dataset (name, file_path) values ('anon', 'anon.csv')$$,
  '42501', null,
  'dataset: anon cannot insert a dataset');

-- service role ---------------------------------------------------------------------------------
select tests.authenticate_as_service_role();

select set_eq('select id from public.dataset',
  array[tests.fixture_id('alice', 'dataset'), tests.fixture_id('bob', 'dataset')],
  'dataset: service_role sees every user''s datasets');

reset role;
select results_eq(
  format($$select name, row_count, owner_id from public.dataset where id = %L$$, tests.fixture_id('alice', 'dataset')),
  format($$values ('renamed', 1, %L::uuid)$$, tests.get_supabase_uid('alice')),
  'dataset: alice''s dataset holds only her own changes');

select * from finish();
rollback;
