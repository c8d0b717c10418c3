-- RLS on public.run_model, and the composite key that ties a model to its run's owner.
begin;
select plan(19);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.run_model'::regclass),
  'run_model: row level security is enabled');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq('select id from public.run_model',
  array[tests.fixture_id('alice', 'run_model')],
  'run_model: alice sees exactly her own run models');
select lives_ok(
  format($$insert into public.run_model (run_id, position, provider, model, display_label, params)
           values (%L, 1, 'cerebras', 'gpt-oss-120b', 'GPT-OSS 120B', '{"temperature":0}')$$,
         tests.fixture_id('alice', 'run')),
  'run_model: alice adds a model to her run');
select is((select owner_id from public.run_model where provider = 'cerebras'),
  tests.get_supabase_uid('alice'),
  'run_model: a new run model defaults to owner_id = auth.uid()');
select results_eq(
  format($$update public.run_model set display_label = 'Llama' where id = %L returning display_label$$, tests.fixture_id('alice', 'run_model')),
  $$values ('Llama')$$,
  'run_model: alice updates her run model');
select ok((select updated_at > '2000-01-01'::timestamptz from public.run_model where id = tests.fixture_id('alice', 'run_model')),
  'run_model: an update moves updated_at');
select results_eq(
  $$delete from public.run_model where provider = 'cerebras' returning provider$$,
  $$values ('cerebras')$$,
  'run_model: alice deletes her run model');
select throws_ok(
  format($$insert into public.run_model (owner_id, run_id, provider, model, display_label) values (%L, %L, 'groq', 'm', 'M')$$,
         tests.get_supabase_uid('bob'), tests.fixture_id('bob', 'run')),
  '42501', null,
  'run_model: alice cannot insert a run model owned by bob');
select throws_ok(
  format($$insert into public.run_model (run_id, provider, model, display_label) values (%L, 'groq', 'm', 'M')$$,
         tests.fixture_id('bob', 'run')),
  '23503', null,
  'run_model: alice cannot add a model to bob''s run (composite foreign key)');
select throws_ok(
  format($$update public.run_model set run_id = %L where id = %L$$, tests.fixture_id('bob', 'run'), tests.fixture_id('alice', 'run_model')),
  '23503', null,
  'run_model: alice cannot move her run model into bob''s run');
select throws_ok(
  format($$update public.run_model set owner_id = %L where id = %L$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'run_model')),
  '42501', null,
  'run_model: alice cannot give her run model to bob');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty(format($$select 1 from public.run_model where id = %L$$, tests.fixture_id('alice', 'run_model')),
  'run_model: bob cannot read alice''s run model');
select is_empty(format($$update public.run_model set model = 'x' where id = %L returning 1$$, tests.fixture_id('alice', 'run_model')),
  'run_model: bob cannot update alice''s run model');
select is_empty(format($$update public.run_model set owner_id = %L where id = %L returning 1$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'run_model')),
  'run_model: bob cannot take alice''s run model');
select is_empty(format($$delete from public.run_model where id = %L returning 1$$, tests.fixture_id('alice', 'run_model')),
  'run_model: bob cannot delete alice''s run model');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok('select 1 from public.run_model', '42501', null, 'run_model: anon cannot read run models');
select throws_ok(
  format($$insert into public.run_model (run_id, provider, model, display_label) values (%L, 'groq', 'm', 'M')$$, tests.fixture_id('alice', 'run')),
  '42501', null,
  'run_model: anon cannot insert a run model');

-- service role ---------------------------------------------------------------------------------
select tests.authenticate_as_service_role();

select set_eq('select id from public.run_model',
  array[tests.fixture_id('alice', 'run_model'), tests.fixture_id('bob', 'run_model')],
  'run_model: service_role sees every user''s run models');

reset role;
select results_eq(
  format($$select display_label, model, owner_id from public.run_model where id = %L$$, tests.fixture_id('alice', 'run_model')),
  format($$values ('Llama', 'llama-3.1-8b-instant', %L::uuid)$$, tests.get_supabase_uid('alice')),
  'run_model: alice''s run model holds only her own changes');

select * from finish();
rollback;
