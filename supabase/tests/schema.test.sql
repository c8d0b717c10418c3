-- Properties of the whole schema: RLS and policies everywhere, privileges, indexes, functions.
begin;
select plan(17);

select is_empty(
  $$select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity$$,
  'every table in public has row level security enabled');

select is_empty(
  $$select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and not exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attname = 'owner_id' and not a.attisdropped)$$,
  'every table in public has owner_id');

select results_eq(
  $$select tablename::text collate "default", array_agg(cmd::text order by cmd) from pg_catalog.pg_policies
    where schemaname = 'public' group by tablename order by tablename$$,
  $$values ('dataset', array['DELETE','INSERT','SELECT','UPDATE']),
           ('dataset_row', array['DELETE','INSERT','SELECT','UPDATE']),
           ('pairwise_comparison', array['DELETE','INSERT','SELECT','UPDATE']),
           ('prompt', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run_batch', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run_cell', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run_message', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run_model', array['DELETE','INSERT','SELECT','UPDATE'])$$,
  'every table has exactly one policy per operation');

select is_empty(
  $$select policyname from pg_catalog.pg_policies where schemaname = 'public' and roles <> '{authenticated}'$$,
  'every policy applies to authenticated only');

select is_empty(
  $$select policyname from pg_catalog.pg_policies where schemaname = 'public'
    and coalesce(qual, with_check) not like '%owner_id = ( SELECT auth.uid()%'$$,
  'every policy compares owner_id with (select auth.uid())');

select is_empty(
  $$select table_name, privilege_type from information_schema.role_table_grants
    where grantee = 'anon' and table_schema = 'public'$$,
  'anon holds no privilege on any table in public');

select results_eq(
  $$select table_name::text collate "default", array_agg(privilege_type::text collate "default" order by privilege_type) from information_schema.role_table_grants
    where grantee = 'authenticated' and table_schema = 'public' group by table_name order by table_name$$,
  $$values ('dataset', array['DELETE','INSERT','SELECT','UPDATE']),
           ('dataset_row', array['DELETE','INSERT','SELECT','UPDATE']),
           ('dataset_run_count', array['SELECT']),
           ('pairwise_comparison', array['DELETE','INSERT','SELECT','UPDATE']),
           ('prompt', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run_batch', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run_cell', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run_cell_count', array['SELECT']),
           ('run_message', array['DELETE','INSERT','SELECT','UPDATE']),
           ('run_model', array['DELETE','INSERT','SELECT','UPDATE'])$$,
  'authenticated may select, insert, update and delete, nothing more (no TRUNCATE); the count views are read-only');

select is_empty(
  $$select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and not has_table_privilege('service_role', c.oid, 'select, insert, update, delete')$$,
  'service_role may use every table');

-- same rule as Supabase's "unindexed foreign keys" advisor: the key's columns lead some index
select is_empty(
  $$select con.conrelid::regclass::text, con.conname from pg_catalog.pg_constraint con
    join pg_catalog.pg_namespace n on n.oid = con.connamespace
    where n.nspname = 'public' and con.contype = 'f'
      and not exists (
        select 1 from pg_catalog.pg_index i
        where i.indrelid = con.conrelid
          and (string_to_array(i.indkey::text, ' ')::smallint[])[1:cardinality(con.conkey)] = con.conkey)$$,
  'every foreign key is covered by an index');

select results_eq(
  $$select con.conrelid::regclass::text collate "default" from pg_catalog.pg_constraint con
    where con.contype = 'f' and con.confrelid = 'auth.users'::regclass
      and con.connamespace = 'public'::regnamespace
    order by 1$$,
  $$values ('dataset'), ('prompt'), ('run')$$,
  'only the root tables reference auth.users; children get their owner from their parent');

select is_empty(
  $$select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relname in ('dataset_row', 'run_model', 'run_cell', 'pairwise_comparison', 'run_message', 'run_batch')
      and not exists (
        select 1 from pg_catalog.pg_constraint con join pg_catalog.pg_attribute a
          on a.attrelid = con.conrelid and a.attnum = con.conkey[2]
        where con.conrelid = c.oid and con.contype = 'f' and con.confdeltype = 'c'
          and cardinality(con.conkey) = 2 and a.attname = 'owner_id')$$,
  'every child table holds its owner equal to its parent''s with a cascading composite foreign key');

select results_eq(
  $$select condeferrable, condeferred, confdeltype::text collate "default" from pg_catalog.pg_constraint
    where conname = 'run_cell_dataset_row_fkey' and conrelid = 'public.run_cell'::regclass$$,
  $$values (true, true, 'a')$$,
  'run_cell_dataset_row_fkey (no action) is checked at commit, so deleting a user may cascade in any order');

select is_empty(
  $$select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relname in ('prompt', 'dataset', 'run')
      and not exists (
        select 1 from pg_catalog.pg_index i join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where i.indrelid = c.oid and a.attname = 'owner_id')$$,
  'every root table has an index led by owner_id');

select results_eq(
  $$select i.indisunique, i.indnullsnotdistinct, array(select a.attname::text collate "default" from unnest(i.indkey) with ordinality k (attnum, n)
      join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.n)
    from pg_catalog.pg_index i where i.indexrelid = 'public.run_cell_run_model_row_key'::regclass$$,
  $$values (true, true, array['run_model_id', 'owner_id', 'dataset_row_id'])$$,
  'run_cell (run_model_id, owner_id, dataset_row_id) is unique with nulls not distinct');

select results_eq(
  $$select p.prosecdef, p.proconfig collate "default" from pg_catalog.pg_proc p where p.oid = 'public.set_updated_at()'::regprocedure$$,
  $$values (false, array['search_path=""'])$$,
  'set_updated_at is security invoker with an empty search_path');

select is_empty(
  $$select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and not exists (select 1 from pg_catalog.pg_trigger t where t.tgrelid = c.oid and t.tgname = c.relname || '_set_updated_at')$$,
  'every table keeps updated_at with a trigger');

select tests.authenticate_as_service_role();
select throws_ok(
  $$insert into public.prompt (name, body, path, content_hash) values ('x', 'x', 'x.prompt', 'h')$$,
  '23502', null,
  'without a signed-in user there is no owner: owner_id is required');

select * from finish();
rollback;
