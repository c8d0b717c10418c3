-- Datasets as objects of their own: content-hash reuse, versions, run counts and deletion.
--
-- 1. content_hash (sha256 of the file's bytes), size_bytes and source_path (where the file was
--    imported from, workspace-relative when it was in the workspace) describe the file. A user
--    holds at most one ready dataset per content hash: importing the same bytes again reuses it
--    (the store looks the hash up first; the unique index settles two imports racing).
-- 2. A file imported again from the same source_path with other bytes becomes a new version:
--    the insert trigger numbers it and points previous_version_id at the latest ready version.
-- 3. delete_dataset() removes a dataset for its owner. Runs keep the prompt text they ran but
--    read their row variables from dataset_row, and run_cell.dataset_row_id holds on to them.
--    So the rows no cell uses are deleted; if runs reference the dataset, the dataset stays as
--    `deleted` (hidden from every list, its Storage object removed by the caller) with only the
--    rows those cells need, and their results stay readable. Without runs, it is deleted whole.

alter table public.dataset
  add column content_hash text check (content_hash is null or content_hash ~ '^[0-9a-f]{64}$'),
  add column size_bytes bigint check (size_bytes is null or size_bytes >= 0),
  add column source_path text,
  add column version int not null default 1 check (version >= 1),
  add column previous_version_id uuid,
  add constraint dataset_previous_version_fkey foreign key (previous_version_id, owner_id)
    references public.dataset (id, owner_id) on delete set null (previous_version_id);

alter table public.dataset drop constraint dataset_status_check;
alter table public.dataset add constraint dataset_status_check check (status in ('importing', 'ready', 'deleted'));

create unique index dataset_owner_content_hash_key on public.dataset (owner_id, content_hash)
  where status = 'ready';
create index dataset_owner_source_path_idx on public.dataset (owner_id, source_path, version);
create index dataset_previous_version_id_owner_id_idx on public.dataset (previous_version_id, owner_id);

-- ---------------------------------------------------------------------------------------------
-- versions: a new dataset from a source path already imported continues its numbering
-- ---------------------------------------------------------------------------------------------
create function public.dataset_set_version()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  latest record;
begin
  if new.source_path is null or new.previous_version_id is not null then
    return new;
  end if;
  select d.id, d.version into latest
  from public.dataset d
  where d.owner_id = new.owner_id and d.source_path = new.source_path and d.status = 'ready' and d.id <> new.id
  order by d.version desc, d.created_at desc
  limit 1;
  if latest.id is not null then
    new.previous_version_id := latest.id;
    new.version := latest.version + 1;
  end if;
  return new;
end;
$$;

create trigger dataset_set_version before insert on public.dataset
  for each row execute function public.dataset_set_version();

-- ---------------------------------------------------------------------------------------------
-- dataset_run_count: how many runs used each dataset, with the caller's rights
-- ---------------------------------------------------------------------------------------------
create view public.dataset_run_count with (security_invoker = true) as
  select r.dataset_id, r.owner_id, count(*)::int as run_count
  from public.run r
  where r.dataset_id is not null
  group by r.dataset_id, r.owner_id;

revoke all on public.dataset_run_count from anon, authenticated;
grant select on public.dataset_run_count to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- delete_dataset: see 3. above. Raises P0002 for a dataset that is unknown, not the caller's
-- or already deleted; returns what it did.
-- ---------------------------------------------------------------------------------------------
create function public.delete_dataset(target_dataset_id uuid)
returns table (run_count int, rows_deleted int, rows_kept int, removed boolean)
language plpgsql
security invoker
set search_path = ''
as $$
declare
  target_owner uuid;
  runs int;
  deleted int;
  kept int;
begin
  select d.owner_id into target_owner
  from public.dataset d
  where d.id = target_dataset_id and d.status <> 'deleted'
  for update;
  if target_owner is null then
    raise exception 'dataset % does not exist (unknown, not yours, or already deleted)', target_dataset_id
      using errcode = 'P0002';
  end if;
  select count(*)::int into runs
  from public.run r where r.dataset_id = target_dataset_id and r.owner_id = target_owner;

  delete from public.dataset_row r
  where r.dataset_id = target_dataset_id and r.owner_id = target_owner
    and not exists (
      select 1 from public.run_cell c where c.dataset_row_id = r.id and c.owner_id = r.owner_id
    );
  get diagnostics deleted = row_count;
  select count(*)::int into kept
  from public.dataset_row r where r.dataset_id = target_dataset_id and r.owner_id = target_owner;

  if runs = 0 then
    delete from public.dataset d where d.id = target_dataset_id and d.owner_id = target_owner;
  else
    update public.dataset d set status = 'deleted'
    where d.id = target_dataset_id and d.owner_id = target_owner;
  end if;
  return query select runs, deleted, kept, runs = 0;
end;
$$;

revoke all on function public.delete_dataset(uuid) from public, anon;
grant execute on function public.delete_dataset(uuid) to authenticated, service_role;
