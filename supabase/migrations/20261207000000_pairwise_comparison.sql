-- Pairwise judgments: a judge (a .prompt with refinery.kind: pairwise) compared the outputs of two
-- runs of the same rows (A = run_id, B = baseline_run_id), or of two models of one run (both ids
-- the same run), every pair in both orders. Kept with the run pair: the judge's exact text, the
-- summary (wins, ties, position-bias rate, win rate with its interval, sign test) and every
-- pair's two verdicts, each element of `pairs` being
--   {model, row_index, outcome, followed_position, cost_usd,
--    a_first: {choice, position, reason, cost_usd, tokens_in, tokens_out}, b_first: {…}}.
-- A child of both runs: its owner is held equal to theirs by composite foreign keys, and it goes
-- when either run goes.
create table public.pairwise_comparison (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid(),
  run_id uuid not null,
  baseline_run_id uuid not null,
  -- what A and B are, in words ("run … vs baseline …", "groq/a (A) vs groq/b (B)")
  label text not null,
  grader_path text not null,
  grader_text text not null,
  judge text not null,
  summary jsonb not null check (jsonb_typeof(summary) = 'object'),
  pairs jsonb not null default '[]' check (jsonb_typeof(pairs) = 'array'),
  -- null when the judge's price is unknown: never counted as $0
  cost_usd numeric check (cost_usd >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint pairwise_comparison_run_fkey foreign key (run_id, owner_id)
    references public.run (id, owner_id) on delete cascade,
  constraint pairwise_comparison_baseline_run_fkey foreign key (baseline_run_id, owner_id)
    references public.run (id, owner_id) on delete cascade
);
create index pairwise_comparison_run_id_owner_id_idx on public.pairwise_comparison (run_id, owner_id);
create index pairwise_comparison_baseline_run_id_owner_id_idx on public.pairwise_comparison (baseline_run_id, owner_id);

comment on table public.pairwise_comparison is
  'A pairwise judge''s verdicts on two runs (or two models of one run), every pair judged in both orders';

create trigger pairwise_comparison_set_updated_at before update on public.pairwise_comparison
  for each row execute function public.set_updated_at();

revoke all on table public.pairwise_comparison from anon, authenticated;
grant select, insert, update, delete on table public.pairwise_comparison to authenticated, service_role;

alter table public.pairwise_comparison enable row level security;

create policy "pairwise_comparison: owner selects" on public.pairwise_comparison
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "pairwise_comparison: owner inserts" on public.pairwise_comparison
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "pairwise_comparison: owner updates" on public.pairwise_comparison
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "pairwise_comparison: owner deletes" on public.pairwise_comparison
  for delete to authenticated using (owner_id = (select auth.uid()));
