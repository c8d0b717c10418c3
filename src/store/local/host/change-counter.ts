/**
 * A counter every write to the store's tables advances (one statement-level trigger per table:
 * one increment per statement, not per row), so a window can notice a run written by another
 * process with one cheap query, `LocalStore.changeStamp()`. Local to the store host's database:
 * not a migration (Supabase has its own realtime), created on every host start (idempotent).
 */
import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';

const WATCHED_TABLES = ['prompt', 'dataset', 'run', 'run_model', 'run_cell', 'pairwise_comparison'];

/** The counter's DDL; its hash, kept as the comment of the schema, tells an installed one is current. */
const CHANGE_COUNTER_DDL = `
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
  `;
const MARK = `refinery change counter ${createHash('sha256').update(CHANGE_COUNTER_DDL).digest('hex')}`;

/**
 * Installs the counter, unless this very version is installed already and no migration ran
 * since (a migration may recreate a watched table): DDL on every host start cost about 0.3 s of
 * a replacement host's start.
 */
export async function installChangeCounter(db: PGlite, options: { afterMigrations: boolean }): Promise<void> {
  if (!options.afterMigrations) {
    const installed = await db.query<{ mark: string | null }>(
      `select pg_catalog.obj_description(pg_catalog.to_regnamespace('refinery_local')::oid, 'pg_namespace') as mark`,
    );
    if (installed.rows[0]?.mark === MARK) return;
  }
  await db.exec(`${CHANGE_COUNTER_DDL}\n    comment on schema refinery_local is '${MARK}';`);
}

export const CHANGE_STAMP_QUERY = 'select last_value::text as stamp from refinery_local.changes';
