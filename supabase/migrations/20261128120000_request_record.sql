-- The request on record: what each cell's model call actually sent, and the partial texts a run
-- used.
--
-- run_message holds each distinct message a run sent, once: its exact JSON text as it went on
-- the wire (text, not jsonb, which would reorder keys and re-space it), named by the sha256 of
-- that text. A cell's `request` lists its messages by those hashes, in order, with the other
-- fields of the request body (temperature, max tokens, response_format, ...). Rows that share a
-- system prompt, and the models of a run that all get the same messages, store them once.
-- `request` is null for a cell whose call never went out (a row the template could not render)
-- and for cells stored before this migration.
--
-- run.partial_texts keeps the text of every partial ({{> name}}) the prompt and its graders
-- used, so a resumed run renders with the same texts:
--   {"prompt": {name: text}, "graders": {grader ref: {name: text}}}

create table public.run_message (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid(),
  run_id uuid not null,
  body text not null check (body like '{%}'),
  -- the name cells use, written by the client and checked here against the body's UTF-8 bytes
  hash text not null,
  constraint run_message_hash_check check (hash = encode(sha256(convert_to(body, 'UTF8')), 'hex')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint run_message_run_fkey foreign key (run_id, owner_id)
    references public.run (id, owner_id) on delete cascade,
  -- one row per distinct message of a run; its index also serves run_message_run_fkey
  constraint run_message_run_hash_key unique (run_id, owner_id, hash)
);

comment on table public.run_message is
  'each distinct message a run sent, as the exact JSON text sent; run_cell.request names them by hash';

create trigger run_message_set_updated_at before update on public.run_message
  for each row execute function public.set_updated_at();

alter table public.run_cell
  add column request jsonb
    constraint run_cell_request_check
    -- coalesce: a missing key makes jsonb_typeof null, and a null check passes
    check (
      request is null
      or coalesce(jsonb_typeof(request -> 'messages') = 'array' and jsonb_typeof(request -> 'params') = 'object', false)
    );

comment on column public.run_cell.request is
  'what the model call sent: {"messages": [run_message.hash, ...], "params": {other body fields}}; null when nothing was sent';

alter table public.run
  add column partial_texts jsonb not null default '{"prompt": {}, "graders": {}}'
    constraint run_partial_texts_check
    check (coalesce(jsonb_typeof(partial_texts -> 'prompt') = 'object' and jsonb_typeof(partial_texts -> 'graders') = 'object', false));

comment on column public.run.partial_texts is
  'the partial texts the run used: {"prompt": {name: text}, "graders": {ref: {name: text}}}';

revoke all on table public.run_message from anon, authenticated;
grant select, insert, update, delete on table public.run_message to authenticated, service_role;

alter table public.run_message enable row level security;

create policy "run_message: owner selects" on public.run_message
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "run_message: owner inserts" on public.run_message
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "run_message: owner updates" on public.run_message
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "run_message: owner deletes" on public.run_message
  for delete to authenticated using (owner_id = (select auth.uid()));
