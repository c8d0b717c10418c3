-- RLS on public.prompt: the owner does everything, nobody else sees or changes anything.
begin;
select plan(17);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.prompt'::regclass),
  'prompt: row level security is enabled');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq('select id from public.prompt',
  array[tests.fixture_id('alice', 'prompt')],
  'prompt: alice sees exactly her own prompt');
select lives_ok(
  $$insert into public.prompt (name, type, body, path, content_hash)
    values ('judge', 'grader', 'Grade {{output}}', 'alice/judge.prompt', 'hash-2')$$,
  'prompt: alice inserts a prompt');
select is((select owner_id from public.prompt where path = 'alice/judge.prompt'),
  tests.get_supabase_uid('alice'),
  'prompt: a new prompt defaults to owner_id = auth.uid()');
select results_eq(
  format($$update public.prompt set name = 'renamed' where id = %L returning name$$, tests.fixture_id('alice', 'prompt')),
  $$values ('renamed')$$,
  'prompt: alice updates her prompt');
select ok((select updated_at > '2000-01-01'::timestamptz from public.prompt where id = tests.fixture_id('alice', 'prompt')),
  'prompt: an update moves updated_at');
select results_eq(
  $$delete from public.prompt where path = 'alice/judge.prompt' returning path$$,
  $$values ('alice/judge.prompt')$$,
  'prompt: alice deletes her prompt');
select throws_ok(
  format($$insert into public.prompt (owner_id, name, body, path, content_hash) values (%L, 'forged', 'x', 'forged.prompt', 'h')$$,
         tests.get_supabase_uid('bob')),
  '42501', null,
  'prompt: alice cannot insert a prompt owned by bob');
select throws_ok(
  format($$update public.prompt set owner_id = %L where id = %L$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'prompt')),
  '42501', null,
  'prompt: alice cannot give her prompt to bob');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty(format($$select 1 from public.prompt where id = %L$$, tests.fixture_id('alice', 'prompt')),
  'prompt: bob cannot read alice''s prompt');
select is_empty(format($$update public.prompt set body = 'hacked' where id = %L returning 1$$, tests.fixture_id('alice', 'prompt')),
  'prompt: bob cannot update alice''s prompt');
select is_empty(format($$update public.prompt set owner_id = %L where id = %L returning 1$$, tests.get_supabase_uid('bob'), tests.fixture_id('alice', 'prompt')),
  'prompt: bob cannot take alice''s prompt');
select is_empty(format($$delete from public.prompt where id = %L returning 1$$, tests.fixture_id('alice', 'prompt')),
  'prompt: bob cannot delete alice''s prompt');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok('select 1 from public.prompt', '42501', null, 'prompt: anon cannot read prompts');
select throws_ok(
  $$insert into public.prompt (name, body, path, content_hash) values ('anon', 'x', 'anon.prompt', 'h')$$,
  '42501', null,
  'prompt: anon cannot insert a prompt');

-- service role ---------------------------------------------------------------------------------
select tests.authenticate_as_service_role();

select set_eq('select id from public.prompt',
  array[tests.fixture_id('alice', 'prompt'), tests.fixture_id('bob', 'prompt')],
  'prompt: service_role sees every user''s prompts');

reset role;
select results_eq(
  format($$select name, body, owner_id from public.prompt where id = %L$$, tests.fixture_id('alice', 'prompt')),
  format($$values ('renamed', 'Hello {{name}}', %L::uuid)$$, tests.get_supabase_uid('alice')),
  'prompt: alice''s prompt holds only her own changes');

select * from finish();
rollback;
