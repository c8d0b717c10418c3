-- Storage: the private `datasets` bucket and the policies on storage.objects. Each user reads
-- and writes only objects under a first folder named after their own id. Rows here stand for
-- what the Storage service writes on an upload, as the caller's role.
begin;
select plan(22);

select tests.create_supabase_user('alice');
select tests.create_supabase_user('bob');

-- as the Storage service would store them: one object per user, and one of alice's in another bucket
insert into storage.buckets (id, name, public) values ('other', 'other', false);
insert into storage.objects (bucket_id, name) values
  ('datasets', tests.get_supabase_uid('alice') || '/d1/alice.csv'),
  ('datasets', tests.get_supabase_uid('bob') || '/d2/bob.csv'),
  ('other', tests.get_supabase_uid('alice') || '/elsewhere.csv');

select results_eq($$select public from storage.buckets where id = 'datasets'$$, array[false],
  'storage: the datasets bucket exists and is private');
select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'storage.objects'::regclass),
  'storage: row level security is enabled on storage.objects');
select policies_are('storage', 'objects', array[
  'datasets bucket: owner reads own folder',
  'datasets bucket: owner uploads to own folder',
  'datasets bucket: owner updates own folder',
  'datasets bucket: owner deletes own folder'],
  'storage: one policy per operation on storage.objects');
select policy_roles_are('storage', 'objects', 'datasets bucket: owner uploads to own folder', array['authenticated'],
  'storage: the policies are for signed-in users only');

-- the owner ------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq('select name from storage.objects',
  array[tests.get_supabase_uid('alice') || '/d1/alice.csv'],
  'storage: alice sees only her own object in the datasets bucket');
select lives_ok(
  format($$insert into storage.objects (bucket_id, name) values ('datasets', %L)$$, tests.get_supabase_uid('alice') || '/d3/new.csv'),
  'storage: alice uploads into her own folder');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('datasets', %L)$$, tests.get_supabase_uid('bob') || '/d3/evil.csv'),
  '42501', null,
  'storage: alice cannot upload under bob''s prefix');
select throws_ok(
  $$insert into storage.objects (bucket_id, name) values ('datasets', 'loose.csv')$$,
  '42501', null,
  'storage: alice cannot upload outside any user folder');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('other', %L)$$, tests.get_supabase_uid('alice') || '/x.csv'),
  '42501', null,
  'storage: the policies cover the datasets bucket only');
select results_eq(
  format($$update storage.objects set metadata = '{"size": 1}' where name = %L returning name$$, tests.get_supabase_uid('alice') || '/d1/alice.csv'),
  array[tests.get_supabase_uid('alice') || '/d1/alice.csv'],
  'storage: alice updates her own object');
select throws_ok(
  format($$update storage.objects set name = %L where name = %L$$,
    tests.get_supabase_uid('bob') || '/d1/alice.csv', tests.get_supabase_uid('alice') || '/d1/alice.csv'),
  '42501', null,
  'storage: alice cannot move her object into bob''s folder');
select results_eq(
  format($$delete from storage.objects where name = %L returning name$$, tests.get_supabase_uid('alice') || '/d3/new.csv'),
  array[tests.get_supabase_uid('alice') || '/d3/new.csv'],
  'storage: alice deletes her own object');

-- another user ---------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty(format($$select 1 from storage.objects where name = %L$$, tests.get_supabase_uid('alice') || '/d1/alice.csv'),
  'storage: bob cannot read alice''s object');
select is_empty(format($$select 1 from storage.objects where name like %L$$, tests.get_supabase_uid('alice') || '/%'),
  'storage: bob cannot list alice''s folder');
select is_empty(format($$update storage.objects set metadata = '{}' where name = %L returning 1$$, tests.get_supabase_uid('alice') || '/d1/alice.csv'),
  'storage: bob cannot overwrite alice''s object');
select is_empty(
  format($$update storage.objects set name = %L where name = %L returning 1$$,
    tests.get_supabase_uid('bob') || '/d1/stolen.csv', tests.get_supabase_uid('alice') || '/d1/alice.csv'),
  'storage: bob cannot move alice''s object into his folder');
select is_empty(format($$delete from storage.objects where name = %L returning 1$$, tests.get_supabase_uid('alice') || '/d1/alice.csv'),
  'storage: bob cannot delete alice''s object');

-- anon -----------------------------------------------------------------------------------------
select tests.clear_authentication();

select is_empty('select 1 from storage.objects', 'storage: anon sees no objects');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('datasets', %L)$$, tests.get_supabase_uid('alice') || '/anon.csv'),
  '42501', null,
  'storage: anon cannot upload');

-- service role ---------------------------------------------------------------------------------
select tests.authenticate_as_service_role();

select set_eq($$select name from storage.objects where bucket_id = 'datasets'$$,
  array[tests.get_supabase_uid('alice') || '/d1/alice.csv', tests.get_supabase_uid('bob') || '/d2/bob.csv'],
  'storage: service_role sees every user''s objects');

reset role;
select results_eq(
  format($$select metadata from storage.objects where name = %L$$, tests.get_supabase_uid('alice') || '/d1/alice.csv'),
  $$values ('{"size": 1}'::jsonb)$$,
  'storage: alice''s object holds only her own change');
select results_eq(
  format($$select count(*)::int from storage.objects where name like %L$$, tests.get_supabase_uid('bob') || '/%'),
  array[1],
  'storage: nothing was written under bob''s prefix but his own object');

select * from finish();
rollback;
