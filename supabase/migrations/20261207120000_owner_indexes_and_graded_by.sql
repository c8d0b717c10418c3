-- Found by an outside RLS attack run (827 attacks, 0 leaks) — closing the details it noted.
--
-- 1. Policy-only reads (`select … from run_cell` with no filter but the policy's
--    owner_id = auth.uid()) had no index leading with owner_id on dataset_row, run_model and
--    run_cell: their keys lead with the parent id. Each scanned every user's rows.
-- 2. run_cell.manual_graded_by could name another user ("graded by bob" written by alice). A
--    manual grade is given by the cell's owner — the only one who can write the row — so it is
--    that owner or nobody. RLS already pins owner_id to auth.uid() for signed-in users; this
--    check carries that to manual_graded_by and holds for the service role and the local store.
-- 3. A Storage object's owner columns could differ from the user folder it sits in. The Storage
--    service fills them from the caller's JWT; the policies now also refuse any other value.

create index dataset_row_owner_id_idx on public.dataset_row (owner_id);
create index run_model_owner_id_idx on public.run_model (owner_id);
create index run_cell_owner_id_idx on public.run_cell (owner_id);

update public.run_cell set manual_graded_by = owner_id
  where manual_graded_by is not null and manual_graded_by <> owner_id;
alter table public.run_cell add constraint run_cell_manual_graded_by_owner_check
  check (manual_graded_by is null or manual_graded_by = owner_id);

alter policy "datasets bucket: owner uploads to own folder" on storage.objects
  with check (
    bucket_id = 'datasets'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and (owner_id is null or owner_id = (select auth.uid())::text)
    and (owner is null or owner = (select auth.uid()))
  );
alter policy "datasets bucket: owner updates own folder" on storage.objects
  using (bucket_id = 'datasets' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (
    bucket_id = 'datasets'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and (owner_id is null or owner_id = (select auth.uid())::text)
    and (owner is null or owner = (select auth.uid()))
  );
