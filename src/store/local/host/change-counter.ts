/**
 * A counter every write to the store's tables advances (one statement-level trigger per table:
 * one increment per statement, not per row), so a window can notice a run written by another
 * process with one cheap query, `LocalStore.changeStamp()`. Local to the store host's database:
 * not a migration (Supabase has its own realtime), created on every host start (idempotent).
 */
import type { PGlite } from '@electric-sql/pglite';

const WATCHED_TABLES = ['prompt', 'dataset', 'run', 'run_model', 'run_cell', 'pairwise_comparison'];

export async function installChangeCounter(db: PGlite): Promise<void> {
  await db.exec(`
    create schema if not exists refinery_local;
    create sequence if not exists refinery_local.changes;
    create or replace function refinery_local.count_change() returns trigger
      language plpgsql security definer set search_path = '' as $$
      begin perform pg_catalog.nextval('refinery_local.changes'); return null; end $$;
    grant usage on schema refinery_local to authenticated;
    grant select on sequence refinery_local.changes to authenticated;
    ${WATCHED_TABLES.map(
      (table) => `create or replace trigger refinery_local_changes after insert or update or delete on public.${table}
      for each statement execute function refinery_local.count_change();`,
    ).join('\n')}
  `);
}

export const CHANGE_STAMP_QUERY = 'select last_value::text as stamp from refinery_local.changes';
