-- Test helpers for the *.test.sql files (basejump supabase_test_helpers style).
-- pg_prove runs this file first (files run in name order); unlike the tests it COMMITS, so the
-- helpers exist for every later file. Safe to run again.

create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

-- A user in auth.users, found again by its identifier ('alice', 'bob', ...).
create or replace function tests.create_supabase_user(identifier text) returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  new_id uuid := gen_random_uuid();
begin
  insert into auth.users (id, aud, role, email, raw_user_meta_data)
  values (new_id, 'authenticated', 'authenticated', identifier || '@test.invalid',
          jsonb_build_object('test_identifier', identifier));
  return new_id;
end;
$$;

create or replace function tests.get_supabase_uid(identifier text) returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_id uuid;
begin
  select u.id into found_id from auth.users u where u.raw_user_meta_data ->> 'test_identifier' = identifier;
  if found_id is null then
    raise exception 'no test user %', identifier;
  end if;
  return found_id;
end;
$$;

-- The role switches below must not be security definer nor carry a SET clause: either would
-- undo set_config(..., true) when the function returns.

-- Become a signed-in user the way PostgREST does for a request with that user's JWT.
create or replace function tests.authenticate_as(identifier text) returns void
language plpgsql
as $$
declare
  user_id uuid := tests.get_supabase_uid(identifier);
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims',
    json_build_object('sub', user_id, 'role', 'authenticated', 'aud', 'authenticated',
                      'email', identifier || '@test.invalid')::text,
    true);
end;
$$;

-- Become an anonymous API caller (anon key, no session).
create or replace function tests.clear_authentication() returns void
language plpgsql
as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', '{"role":"anon"}', true);
end;
$$;

create or replace function tests.authenticate_as_service_role() returns void
language plpgsql
as $$
begin
  perform set_config('role', 'service_role', true);
  perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
end;
$$;

-- Seeds, as the calling superuser, one row in every table owned by the user: a prompt, a
-- dataset with one row, a run of that prompt on that dataset with one model and one cell.
-- Timestamps are in the past so a test can see updated_at move. Ids are kept in settings,
-- readable from any role with tests.fixture_id().
create or replace function tests.seed_owner_graph(identifier text) returns void
language plpgsql
as $$
declare
  owner uuid := tests.get_supabase_uid(identifier);
  past timestamptz := '2000-01-01 00:00:00+00';
  prompt_id uuid;
  dataset_id uuid;
  dataset_row_id uuid;
  run_id uuid;
  run_model_id uuid;
  run_cell_id uuid;
begin
  insert into public.prompt (owner_id, name, type, body, path, content_hash, created_at, updated_at)
  values (owner, identifier || ' prompt', 'prompt', 'Hello {{name}}', identifier || '/hello.prompt', 'hash-1', past, past)
  returning id into prompt_id;
  insert into public.dataset (owner_id, name, file_path, row_count, columns, created_at, updated_at)
  values (owner, identifier || ' data', identifier || '/data.csv', 1, '["name"]', past, past)
  returning id into dataset_id;
  insert into public.dataset_row (owner_id, dataset_id, row_index, data_json, created_at, updated_at)
  values (owner, dataset_id, 0, '{"name":"Ada"}', past, past)
  returning id into dataset_row_id;
  insert into public.run (owner_id, prompt_id, dataset_id, status, prompt_text, created_at, updated_at)
  values (owner, prompt_id, dataset_id, 'completed', 'Hello {{name}}', past, past)
  returning id into run_id;
  insert into public.run_model (owner_id, run_id, provider, model, display_label, created_at, updated_at)
  values (owner, run_id, 'groq', 'llama-3.1-8b-instant', 'Llama 8B', past, past)
  returning id into run_model_id;
  insert into public.run_cell (owner_id, run_model_id, dataset_row_id, status, output_text, created_at, updated_at)
  values (owner, run_model_id, dataset_row_id, 'completed', 'Hello Ada', past, past)
  returning id into run_cell_id;

  perform set_config('tests.' || identifier || '_prompt', prompt_id::text, true);
  perform set_config('tests.' || identifier || '_dataset', dataset_id::text, true);
  perform set_config('tests.' || identifier || '_dataset_row', dataset_row_id::text, true);
  perform set_config('tests.' || identifier || '_run', run_id::text, true);
  perform set_config('tests.' || identifier || '_run_model', run_model_id::text, true);
  perform set_config('tests.' || identifier || '_run_cell', run_cell_id::text, true);
end;
$$;

-- Id of the row tests.seed_owner_graph() made for that user in that table.
create or replace function tests.fixture_id(identifier text, table_name text) returns uuid
language sql
stable
as $$
  select current_setting('tests.' || identifier || '_' || table_name)::uuid
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;

select plan(1);
select has_function('tests', 'authenticate_as', array['text'], 'test helpers are installed');
select * from finish();
