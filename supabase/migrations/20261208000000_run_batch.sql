-- Batch runs: a run's cells sent through a provider's Batch API (Groq, Cerebras' preview, an
-- OpenAI-compatible endpoint that declares batch: true). One row per batch the run submitted,
-- with every id the provider gave (input, output and error files, the batch), so tracking
-- resumes from here on any machine: after a reload, a reboot, or from the CLI elsewhere.
-- A child of the run and of the run model whose cells it holds; its owner is held equal to
-- theirs by composite foreign keys, and it goes with the run.
create table public.run_batch (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid(),
  run_id uuid not null,
  run_model_id uuid not null,
  -- the provider id of the run model (groq, cerebras, an endpoint id)
  provider text not null,
  -- 1, 2, …: the batch's place among the run's batches
  position int not null check (position >= 1),
  -- null until the provider created the batch from the uploaded input file
  batch_id text,
  input_file_id text not null,
  output_file_id text,
  error_file_id text,
  completion_window text not null,
  state text not null default 'uploaded'
    check (state in ('uploaded', 'validating', 'queued', 'in_progress', 'finalizing', 'completed', 'failed', 'expired', 'cancelling', 'cancelled')),
  line_count int not null check (line_count >= 0),
  completed_count int not null default 0 check (completed_count >= 0),
  failed_count int not null default 0 check (failed_count >= 0),
  -- why the provider refused the batch, when it did
  error_text text,
  submitted_at timestamptz,
  finished_at timestamptz,
  -- when its results were written into the run's cells (null: not yet)
  folded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint run_batch_run_fkey foreign key (run_id, owner_id)
    references public.run (id, owner_id) on delete cascade,
  constraint run_batch_run_model_fkey foreign key (run_model_id, owner_id)
    references public.run_model (id, owner_id) on delete cascade,
  constraint run_batch_position_key unique (run_id, position)
);
create index run_batch_run_id_owner_id_idx on public.run_batch (run_id, owner_id);
create index run_batch_run_model_id_owner_id_idx on public.run_batch (run_model_id, owner_id);
create index run_batch_owner_id_idx on public.run_batch (owner_id);

comment on table public.run_batch is
  'A batch a run submitted to a provider''s Batch API: its ids, state and counts, for tracking and folding results';

create trigger run_batch_set_updated_at before update on public.run_batch
  for each row execute function public.set_updated_at();

revoke all on table public.run_batch from anon, authenticated;
grant select, insert, update, delete on table public.run_batch to authenticated, service_role;

alter table public.run_batch enable row level security;

create policy "run_batch: owner selects" on public.run_batch
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "run_batch: owner inserts" on public.run_batch
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "run_batch: owner updates" on public.run_batch
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "run_batch: owner deletes" on public.run_batch
  for delete to authenticated using (owner_id = (select auth.uid()));
