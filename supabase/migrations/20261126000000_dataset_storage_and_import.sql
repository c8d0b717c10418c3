-- Dataset files in Supabase Storage, and the dataset import through the Data API.
--
-- Storage: a private bucket `datasets`; each user reads and writes only objects under a first
-- folder named after their user id: `<owner_id>/<dataset_id>/<file name>`. On Supabase the
-- storage schema belongs to the Storage service; elsewhere supabase/local/00_supabase_shim.sql
-- stands in for it.
--
-- Import: over HTTP every request is its own transaction, and a 100,000-row file does not fit
-- in one request. So a dataset is created in the `importing` state (the Supabase store lists
-- only `ready` ones), its rows arrive in batches through append_dataset_rows(), and one call to
-- finish_dataset_import() checks the row count and makes the whole dataset visible at once.
-- A failed import deletes the dataset (its rows cascade) and removes the Storage object. The
-- local store writes a dataset in one database transaction and keeps the default, `ready`.

-- ---------------------------------------------------------------------------------------------
-- dataset import state
-- ---------------------------------------------------------------------------------------------
alter table public.dataset
  add column status text not null default 'ready' check (status in ('importing', 'ready'));

-- ---------------------------------------------------------------------------------------------
-- Storage bucket and its policies
-- ---------------------------------------------------------------------------------------------
insert into storage.buckets (id, name, public)
values ('datasets', 'datasets', false)
on conflict (id) do update set public = false;

create policy "datasets bucket: owner reads own folder" on storage.objects
  for select to authenticated
  using (bucket_id = 'datasets' and (storage.foldername(name))[1] = (select auth.uid())::text);
create policy "datasets bucket: owner uploads to own folder" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'datasets' and (storage.foldername(name))[1] = (select auth.uid())::text);
create policy "datasets bucket: owner updates own folder" on storage.objects
  for update to authenticated
  using (bucket_id = 'datasets' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (bucket_id = 'datasets' and (storage.foldername(name))[1] = (select auth.uid())::text);
create policy "datasets bucket: owner deletes own folder" on storage.objects
  for delete to authenticated
  using (bucket_id = 'datasets' and (storage.foldername(name))[1] = (select auth.uid())::text);

-- ---------------------------------------------------------------------------------------------
-- run_cell_count: cells and failed cells per run, for run lists over the Data API (one request
-- for a page of runs instead of two counts per run). security_invoker: the caller's policies
-- apply to the tables underneath, so each user counts only their own cells.
-- ---------------------------------------------------------------------------------------------
create view public.run_cell_count with (security_invoker = true) as
  select m.run_id, m.owner_id,
         count(c.id)::int as cell_count,
         (count(c.id) filter (where c.status = 'failed'))::int as failed_count
  from public.run_model m
  join public.run_cell c on c.run_model_id = m.id and c.owner_id = m.owner_id
  group by m.run_id, m.owner_id;

revoke all on public.run_cell_count from anon, authenticated;
grant select on public.run_cell_count to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- import functions: security invoker, so row level security decides as for any query
-- ---------------------------------------------------------------------------------------------

-- Adds one batch of rows (a JSON array of objects) to a dataset that is still importing, the
-- first one numbered first_row_index. A retried batch overwrites the rows it wrote before
-- instead of failing or duplicating them. Returns the number of rows written.
-- new_rows is JSON *text*: a text argument reaches the function unchanged through every
-- PostgREST implementation (@supabase/lite 0.10 passes a jsonb argument as a JSON string).
create function public.append_dataset_rows(target_dataset_id uuid, first_row_index int, new_rows text)
returns int
language plpgsql
security invoker
set search_path = ''
as $$
declare
  target_owner uuid;
  written int;
  rows_json jsonb := new_rows::jsonb;
begin
  if jsonb_typeof(rows_json) is distinct from 'array' then
    raise exception 'new_rows must be a JSON array of row objects' using errcode = '22023';
  end if;
  select d.owner_id into target_owner
  from public.dataset d
  where d.id = target_dataset_id and d.status = 'importing';
  if target_owner is null then
    raise exception 'dataset % is not being imported (unknown, not yours, or already finished)', target_dataset_id
      using errcode = 'P0002';
  end if;
  insert into public.dataset_row (owner_id, dataset_id, row_index, data_json)
  select target_owner, target_dataset_id, first_row_index + e.n::int - 1, e.data
  from jsonb_array_elements(rows_json) with ordinality as e (data, n)
  on conflict (dataset_id, owner_id, row_index) do update set data_json = excluded.data_json;
  get diagnostics written = row_count;
  return written;
end;
$$;

-- Makes an imported dataset visible, once it holds exactly expected_row_count rows; returns it.
create function public.finish_dataset_import(target_dataset_id uuid, expected_row_count int)
returns public.dataset
language plpgsql
security invoker
set search_path = ''
as $$
declare
  stored int;
  finished public.dataset;
begin
  select count(*)::int into stored from public.dataset_row r where r.dataset_id = target_dataset_id;
  if stored <> expected_row_count then
    raise exception 'dataset % holds % rows, expected %', target_dataset_id, stored, expected_row_count
      using errcode = 'P0001';
  end if;
  update public.dataset d
  set status = 'ready', row_count = stored
  where d.id = target_dataset_id and d.status = 'importing'
  returning d.* into finished;
  if finished.id is null then
    raise exception 'dataset % is not being imported (unknown, not yours, or already finished)', target_dataset_id
      using errcode = 'P0002';
  end if;
  return finished;
end;
$$;

revoke all on function public.append_dataset_rows(uuid, int, text) from public, anon;
revoke all on function public.finish_dataset_import(uuid, int) from public, anon;
grant execute on function public.append_dataset_rows(uuid, int, text) to authenticated, service_role;
grant execute on function public.finish_dataset_import(uuid, int) to authenticated, service_role;
