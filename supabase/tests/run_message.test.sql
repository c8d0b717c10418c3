-- The request on record: run_message (RLS, composite key, hash computed from the exact body,
-- one row per distinct message of a run), run_cell.request and run.partial_texts.
begin;
select plan(25);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');
select tests.seed_owner_graph('alice');
select tests.seed_owner_graph('bob');

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.run_message'::regclass),
  'run_message: row level security is enabled');
select col_type_is('public', 'run_message', 'body', 'text', 'run_message.body is text, so the JSON keeps its bytes');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

-- what a client sends: the body and the sha256 of its UTF-8 bytes, in hex
create function pg_temp.message(run_id uuid, body text) returns text language sql as $$
  select format('insert into public.run_message (run_id, body, hash) values (%L, %L, %L)', run_id, body, encode(sha256(convert_to(body, 'UTF8')), 'hex'))
$$;

select lives_ok(
  pg_temp.message(tests.fixture_id('alice', 'run'), '{"role":"user","content":"Hi"}'),
  'run_message: alice records a message of her run');
select results_eq(
  $$select hash, owner_id from public.run_message where body = '{"role":"user","content":"Hi"}'$$,
  format($$values ('ba2daed9b288b73b8f34636722ec0cd63a708e26ea43b0665050272e66a916dd'::text, %L::uuid)$$, tests.get_supabase_uid('alice')),
  'run_message: the hash is the sha256 of the body (as node:crypto computes it), the owner defaults to auth.uid()');
select results_eq(
  $$select body from public.run_message where hash = 'b6d8f6d9c1c3f2f0e6bf35b5a3d14a8e9cb41e1c1e8b1c2c0c0d0f1e2d3c4b5a'$$,
  $$select null::text where false$$,
  'run_message: a hash that was never recorded finds nothing');
select throws_ok(
  pg_temp.message(tests.fixture_id('alice', 'run'), '{"role":"user","content":"Hi"}'),
  '23505', null,
  'run_message: the same message twice in one run is one row (unique run, owner, hash)');
select lives_ok(
  pg_temp.message(tests.fixture_id('alice', 'run'), '{"role":"user","content":"Hi"}') || ' on conflict (run_id, owner_id, hash) do nothing',
  'run_message: recording it again with on conflict do nothing is harmless');
select results_eq(
  $$select count(*)::int from public.run_message$$,
  $$values (1)$$,
  'run_message: still one row');
select lives_ok(
  pg_temp.message(tests.fixture_id('alice', 'run'), '{"content":"Hi","role":"user"}'),
  'run_message: the same message with its keys in another order is another text, kept byte for byte');
select throws_ok(
  format($$insert into public.run_message (run_id, body, hash) values (%L, '{"a":1}', %L)$$,
         tests.fixture_id('alice', 'run'), encode(sha256(convert_to('{"a":2}', 'UTF8')), 'hex')),
  '23514', null,
  'run_message: a hash that is not the body''s is rejected');
select throws_ok(
  pg_temp.message(tests.fixture_id('alice', 'run'), 'not a message'),
  '23514', null,
  'run_message: a body that is not a JSON object text is rejected');
select throws_ok(
  pg_temp.message(tests.fixture_id('bob', 'run'), '{"role":"user","content":"x"}'),
  '23503', null,
  'run_message: alice cannot add a message to bob''s run (composite foreign key)');
select throws_ok(
  format($$insert into public.run_message (owner_id, run_id, body, hash) values (%L, %L, '{"role":"user","content":"x"}', %L)$$,
         tests.get_supabase_uid('bob'), tests.fixture_id('bob', 'run'), encode(sha256(convert_to('{"role":"user","content":"x"}', 'UTF8')), 'hex')),
  '42501', null,
  'run_message: alice cannot insert a message owned by bob');

-- run_cell.request
select results_eq(
  format($$update public.run_cell set request = jsonb_build_object('messages', jsonb_build_array(encode(sha256(convert_to('{"role":"user","content":"Hi"}', 'UTF8')), 'hex')),
                                                              'params', '{"temperature": 0.2, "max_completion_tokens": 64}'::jsonb)
           where id = %L returning request -> 'params' ->> 'max_completion_tokens'$$, tests.fixture_id('alice', 'run_cell')),
  $$values ('64')$$,
  'run_cell.request: alice records what her cell sent');
select results_eq(
  format($$select request from public.run_cell where id <> %L$$, tests.fixture_id('alice', 'run_cell')),
  $$select null::jsonb where false$$,
  'run_cell.request: alice sees no other cell');
select throws_ok(
  format($$update public.run_cell set request = '{"messages": "x", "params": {}}' where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  '23514', null,
  'run_cell.request: messages must be a list');
select throws_ok(
  format($$update public.run_cell set request = '{"messages": []}' where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  '23514', null,
  'run_cell.request: params must be an object');
select lives_ok(
  format($$update public.run_cell set request = null where id = %L$$, tests.fixture_id('alice', 'run_cell')),
  'run_cell.request: null (nothing sent) is allowed');

-- run.partial_texts
select results_eq(
  format($$select partial_texts from public.run where id = %L$$, tests.fixture_id('alice', 'run')),
  $$values ('{"prompt": {}, "graders": {}}'::jsonb)$$,
  'run.partial_texts: a run without partials keeps empty maps');
select throws_ok(
  format($$update public.run set partial_texts = '{"prompt": []}' where id = %L$$, tests.fixture_id('alice', 'run')),
  '23514', null,
  'run.partial_texts: must hold a prompt map and a graders map');
select throws_ok(
  format($$update public.run set partial_texts = '[]' where id = %L$$, tests.fixture_id('alice', 'run')),
  '23514', null,
  'run.partial_texts: a list is rejected');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');
select is_empty($$select id from public.run_message$$, 'run_message: bob sees none of alice''s messages');
select is_empty(
  $$update public.run_message set body = '{"role":"user","content":"changed"}' returning id$$,
  'run_message: bob cannot change alice''s messages');
select is_empty($$delete from public.run_message returning id$$, 'run_message: bob cannot delete alice''s messages');

select tests.clear_authentication();
select throws_ok($$select id from public.run_message$$, '42501', null, 'run_message: anon has no access at all');

select * from finish();
rollback;
