-- Prompt Refinery schema: prompts, datasets and runs, each row owned by one auth user.
--
-- The same file runs on hosted Supabase, on PostgreSQL 15 in tests and in PGlite (local
-- store). It relies only on what every Supabase project has: auth.users, auth.uid() and the
-- roles anon / authenticated / service_role (supabase/local/00_supabase_shim.sql provides
-- them elsewhere).
--
-- Ownership: every table has owner_id. Child rows reference their parent by the COMPOSITE key
-- (parent_id, owner_id) -> parent (id, owner_id), so a child always has its parent's owner and
-- a policy never needs a join. Parents therefore carry unique (id, owner_id).
-- Only the root tables (prompt, dataset, run) reference auth.users: a child's owner is held
-- equal to its parent's by the composite key, and deleting a user cascades through the parents.
-- A child therefore needs no foreign key (and no index) of its own on owner_id; its unique keys
-- carry owner_id right after the parent key, so one index serves both the key and the composite
-- foreign key (owner_id is functionally fixed by the parent id, so the key means the same).
--
-- The local store (PGlite) inserts dataset rows and cells in bulk with their id and owner_id
-- set; every table keeps its defaults for other clients.

-- ---------------------------------------------------------------------------------------------
-- updated_at
-- ---------------------------------------------------------------------------------------------
create function public.set_updated_at() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;

revoke all on function public.set_updated_at() from public, anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- prompt: a .prompt file as last synced (runs keep their own copy of the text)
-- ---------------------------------------------------------------------------------------------
create table public.prompt (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null,
  type text not null default 'prompt' check (type in ('prompt', 'grader')),
  body text not null,
  path text not null,
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint prompt_owner_path_key unique (owner_id, path),
  constraint prompt_id_owner_key unique (id, owner_id)
);
-- owner_id is served by prompt_owner_path_key (owner_id leads).

-- ---------------------------------------------------------------------------------------------
-- dataset and dataset_row
-- ---------------------------------------------------------------------------------------------
create table public.dataset (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null,
  file_path text not null,
  row_count int not null default 0 check (row_count >= 0),
  columns jsonb not null default '[]' check (jsonb_typeof(columns) = 'array'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint dataset_id_owner_key unique (id, owner_id)
);
create index dataset_owner_id_idx on public.dataset (owner_id);

create table public.dataset_row (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid(),
  dataset_id uuid not null,
  row_index int not null check (row_index >= 0),
  data_json jsonb not null check (jsonb_typeof(data_json) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint dataset_row_dataset_fkey foreign key (dataset_id, owner_id)
    references public.dataset (id, owner_id) on delete cascade,
  -- one row per index in a dataset; its index also serves dataset_row_dataset_fkey
  constraint dataset_row_dataset_index_key unique (dataset_id, owner_id, row_index),
  constraint dataset_row_id_owner_key unique (id, owner_id)
);

-- ---------------------------------------------------------------------------------------------
-- run, run_model, run_cell
-- ---------------------------------------------------------------------------------------------
create table public.run (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  prompt_id uuid,
  dataset_id uuid,
  status text not null default 'pending'
    check (status in ('pending', 'running', 'completed', 'cancelled', 'failed')),
  -- the exact texts that ran, so editing a prompt file never changes history
  prompt_text text not null,
  grader_texts jsonb not null default '{}' check (jsonb_typeof(grader_texts) = 'object'),
  config jsonb not null default '{}' check (jsonb_typeof(config) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- deleting a prompt keeps its runs (they hold their own prompt_text); owner_id stays
  constraint run_prompt_fkey foreign key (prompt_id, owner_id)
    references public.prompt (id, owner_id) on delete set null (prompt_id),
  -- a dataset that runs point at cannot be deleted (deleting the user still removes both)
  constraint run_dataset_fkey foreign key (dataset_id, owner_id)
    references public.dataset (id, owner_id) on delete restrict,
  constraint run_id_owner_key unique (id, owner_id)
);
create index run_prompt_id_owner_id_idx on public.run (prompt_id, owner_id);
create index run_dataset_id_owner_id_idx on public.run (dataset_id, owner_id);
create index run_owner_id_created_at_idx on public.run (owner_id, created_at desc);

create table public.run_model (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid(),
  run_id uuid not null,
  -- column order in the results grid
  position int not null default 0,
  provider text not null,
  model text not null,
  display_label text not null,
  params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint run_model_run_fkey foreign key (run_id, owner_id)
    references public.run (id, owner_id) on delete cascade,
  constraint run_model_id_owner_key unique (id, owner_id)
);
create index run_model_run_id_owner_id_idx on public.run_model (run_id, owner_id);

create table public.run_cell (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid(),
  run_model_id uuid not null,
  -- null for a run without a dataset (one cell per model)
  dataset_row_id uuid,
  status text not null check (status in ('completed', 'failed')),
  output_text text,
  error_text text,
  latency_ms int,
  tokens_in int,
  tokens_out int,
  tokens_cached int,
  cost_usd numeric,
  -- aggregate of the automatic grades; the manual grade lives beside it, never over it
  grade_score double precision,
  grade_pass boolean,
  grade_reason text,
  grades jsonb not null default '[]' check (jsonb_typeof(grades) = 'array'),
  -- no copy of the rendered messages: the run's prompt_text and the dataset row re-render them
  attempts int not null default 1,
  provider_timing jsonb not null default '{}' check (jsonb_typeof(provider_timing) = 'object'),
  simulated boolean not null default false,
  manual_score double precision,
  manual_pass boolean,
  manual_note text,
  manual_graded_at timestamptz,
  manual_graded_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint run_cell_run_model_fkey foreign key (run_model_id, owner_id)
    references public.run_model (id, owner_id) on delete cascade,
  -- A dataset row that cells point at cannot be deleted. Checked at commit, not per statement:
  -- deleting a user cascades from auth.users through dataset -> dataset_row and through
  -- run -> run_model -> run_cell in no fixed order, and only at the end are both gone.
  constraint run_cell_dataset_row_fkey foreign key (dataset_row_id, owner_id)
    references public.dataset_row (id, owner_id) on delete no action deferrable initially deferred,
  -- One cell per (run model, dataset row): a resumed run fills only the missing cells, and a
  -- dataset-less run has one cell per model. Upserts name all three columns as the conflict
  -- target. Its index also serves run_cell_run_model_fkey.
  constraint run_cell_run_model_row_key unique nulls not distinct (run_model_id, owner_id, dataset_row_id)
);
create index run_cell_dataset_row_id_owner_id_idx on public.run_cell (dataset_row_id, owner_id);

-- ---------------------------------------------------------------------------------------------
-- updated_at triggers
-- ---------------------------------------------------------------------------------------------
create trigger prompt_set_updated_at before update on public.prompt
  for each row execute function public.set_updated_at();
create trigger dataset_set_updated_at before update on public.dataset
  for each row execute function public.set_updated_at();
create trigger dataset_row_set_updated_at before update on public.dataset_row
  for each row execute function public.set_updated_at();
create trigger run_set_updated_at before update on public.run
  for each row execute function public.set_updated_at();
create trigger run_model_set_updated_at before update on public.run_model
  for each row execute function public.set_updated_at();
create trigger run_cell_set_updated_at before update on public.run_cell
  for each row execute function public.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- privileges. Hosted Supabase grants ALL on new public tables to anon and authenticated by
-- default; take that back: anon gets nothing, authenticated only the four operations that the
-- policies govern (TRUNCATE, for one, ignores row level security).
-- ---------------------------------------------------------------------------------------------
revoke all on table
  public.prompt, public.dataset, public.dataset_row, public.run, public.run_model, public.run_cell
  from anon, authenticated;
grant select, insert, update, delete on table
  public.prompt, public.dataset, public.dataset_row, public.run, public.run_model, public.run_cell
  to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- row level security: one policy per operation, owner only
-- ---------------------------------------------------------------------------------------------
alter table public.prompt enable row level security;
alter table public.dataset enable row level security;
alter table public.dataset_row enable row level security;
alter table public.run enable row level security;
alter table public.run_model enable row level security;
alter table public.run_cell enable row level security;

create policy "prompt: owner selects" on public.prompt
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "prompt: owner inserts" on public.prompt
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "prompt: owner updates" on public.prompt
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "prompt: owner deletes" on public.prompt
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "dataset: owner selects" on public.dataset
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "dataset: owner inserts" on public.dataset
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "dataset: owner updates" on public.dataset
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "dataset: owner deletes" on public.dataset
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "dataset_row: owner selects" on public.dataset_row
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "dataset_row: owner inserts" on public.dataset_row
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "dataset_row: owner updates" on public.dataset_row
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "dataset_row: owner deletes" on public.dataset_row
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "run: owner selects" on public.run
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "run: owner inserts" on public.run
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "run: owner updates" on public.run
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "run: owner deletes" on public.run
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "run_model: owner selects" on public.run_model
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "run_model: owner inserts" on public.run_model
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "run_model: owner updates" on public.run_model
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "run_model: owner deletes" on public.run_model
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "run_cell: owner selects" on public.run_cell
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "run_cell: owner inserts" on public.run_cell
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "run_cell: owner updates" on public.run_cell
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "run_cell: owner deletes" on public.run_cell
  for delete to authenticated using (owner_id = (select auth.uid()));
