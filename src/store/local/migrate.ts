/**
 * Brings the embedded database to the current schema: the Supabase shim, then each migration
 * not applied yet, in order, each in its own transaction. Applied versions are recorded where
 * the Supabase CLI records them, so both read the same history.
 *
 * Every open checks this with one query: the applied versions and the hash of the shim last
 * applied (kept as the comment of the history table). Only when something is new does it run
 * the shim (idempotent) and the missing migrations.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { z } from 'zod';
import type { SchemaFiles } from './paths';

const MIGRATION_FILE = /^(\d{14})_(.+)\.sql$/;

export interface Migration {
  version: string;
  name: string;
  file: string;
}

export function listMigrations(migrationsDir: string): Migration[] {
  return fs
    .readdirSync(migrationsDir)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([file, version, name]) => ({ version: version ?? '', name: name ?? '', file: path.join(migrationsDir, file) }))
    .sort((a, b) => a.version.localeCompare(b.version));
}

const SHIM_MARK = 'refinery shim sha256:';

const schemaState = z.object({ versions: z.array(z.string()), shim: z.string().nullable() });

/** What the database has applied; null for a database that never saw the shim. */
async function readSchemaState(db: PGlite): Promise<{ versions: Set<string>; shimHash: string | null } | null> {
  try {
    const result = await db.query<unknown>(
      `select array(select version from supabase_migrations.schema_migrations) as versions,
              pg_catalog.obj_description('supabase_migrations.schema_migrations'::regclass, 'pg_class') as shim`,
    );
    const state = schemaState.parse(result.rows[0]);
    const shimHash = state.shim?.startsWith(SHIM_MARK) ? state.shim.slice(SHIM_MARK.length) : null;
    return { versions: new Set(state.versions), shimHash };
  } catch (error) {
    if (isUndefinedTable(error)) return null;
    throw error;
  }
}

function isUndefinedTable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '42P01';
}

export interface MigrationResult {
  /** What this call applied (none when the schema was current). */
  newlyApplied: string[];
  /** Every version the database has applied, oldest first. */
  applied: string[];
}

/** Runs as the database superuser, before the session switches to the local user. */
export async function migrate(db: PGlite, files: SchemaFiles): Promise<MigrationResult> {
  const shim = fs.readFileSync(files.shimFile, 'utf8');
  const shimHash = createHash('sha256').update(shim).digest('hex');
  const migrations = listMigrations(files.migrationsDir);
  const state = await readSchemaState(db);
  const pending = migrations.filter((m) => !state?.versions.has(m.version));
  const result = (newlyApplied: string[]): MigrationResult => ({
    newlyApplied,
    applied: [...(state?.versions ?? []), ...newlyApplied].sort(),
  });
  if (state?.shimHash === shimHash && pending.length === 0) return result([]);

  await db.exec(shim);
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text primary key);
    alter table supabase_migrations.schema_migrations add column if not exists statements text[];
    alter table supabase_migrations.schema_migrations add column if not exists name text;
    comment on table supabase_migrations.schema_migrations is '${SHIM_MARK}${shimHash}';
  `);

  const newlyApplied: string[] = [];
  for (const migration of pending) {
    const sql = fs.readFileSync(migration.file, 'utf8');
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    });
    newlyApplied.push(migration.version);
  }
  return result(newlyApplied);
}
