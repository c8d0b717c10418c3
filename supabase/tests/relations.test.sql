-- What deleting or re-owning a parent does to its children.
begin;
select plan(11);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select tests.authenticate_as('alice');

select throws_ok(
  format($$delete from public.dataset where id = %L$$, tests.fixture_id('alice', 'dataset')),
  '23503', null,
  'a dataset that a run uses cannot be deleted');

select lives_ok(
  format($$delete from public.prompt where id = %L$$, tests.fixture_id('alice', 'prompt')),
  'a prompt that a run used can be deleted');
select results_eq(
  format($$select prompt_id, owner_id, prompt_text from public.run where id = %L$$, tests.fixture_id('alice', 'run')),
  format($$values (null::uuid, %L::uuid, 'Hello {{name}}')$$, tests.get_supabase_uid('alice')),
  'the run survives the prompt, keeps its owner and the text it ran');

select lives_ok(
  format($$delete from public.run where id = %L$$, tests.fixture_id('alice', 'run')),
  'alice deletes her run');
select is(
  (select count(*)::int from public.run_model where run_id = tests.fixture_id('alice', 'run'))
  + (select count(*)::int from public.run_cell where run_model_id = tests.fixture_id('alice', 'run_model')),
  0,
  'deleting a run deletes its models and cells');
select lives_ok(
  format($$delete from public.dataset where id = %L$$, tests.fixture_id('alice', 'dataset')),
  'once no run uses it, the dataset can be deleted');
select is(
  (select count(*)::int from public.dataset_row where dataset_id = tests.fixture_id('alice', 'dataset')),
  0,
  'deleting a dataset deletes its rows');

reset role;
select throws_ok(
  format($$update public.run set owner_id = %L where id = %L$$, tests.get_supabase_uid('alice'), tests.fixture_id('bob', 'run')),
  '23503', null,
  'even without RLS a run cannot change owner while its models still belong to the old one');

select is(
  (select count(*)::int from public.dataset_row where owner_id = tests.get_supabase_uid('bob'))
  + (select count(*)::int from public.run_model where owner_id = tests.get_supabase_uid('bob'))
  + (select count(*)::int from public.run_cell where owner_id = tests.get_supabase_uid('bob')),
  3,
  'bob owns a dataset row, a run model and a cell before he is deleted');
delete from auth.users where id = tests.get_supabase_uid('bob');
select is(
  (select count(*)::int from public.prompt where owner_id = tests.get_supabase_uid('alice'))
  + (select count(*)::int from public.run_cell),
  0,
  'deleting a user deletes everything they own, used datasets included');
select is(
  (select count(*)::int from public.prompt) + (select count(*)::int from public.dataset where owner_id <> tests.get_supabase_uid('alice'))
  + (select count(*)::int from public.dataset_row) + (select count(*)::int from public.run)
  + (select count(*)::int from public.run_model) + (select count(*)::int from public.run_cell),
  0,
  'no row of any table is left behind: children go with their parents, not by a key of their own to auth.users');

select * from finish();
rollback;
