/**
 * Brings the embedded database to the current schema: the Supabase shim (idempotent, every
 * open), then each migration not applied yet, in order, each in its own transaction. Applied
 * versions are recorded where the Supabase CLI records them, so both read the same history.
 */
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

/** Runs as the database superuser, before the session switches to the local user. */
export async function migrate(db: PGlite, files: SchemaFiles): Promise<string[]> {
  await db.exec(fs.readFileSync(files.shimFile, 'utf8'));
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text primary key);
    alter table supabase_migrations.schema_migrations add column if not exists statements text[];
    alter table supabase_migrations.schema_migrations add column if not exists name text;
  `);
  const done = await db.query<unknown>('select version from supabase_migrations.schema_migrations');
  const applied = new Set(z.array(z.object({ version: z.string() })).parse(done.rows).map((r) => r.version));

  const newlyApplied: string[] = [];
  for (const migration of listMigrations(files.migrationsDir)) {
    if (applied.has(migration.version)) continue;
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
  return newlyApplied;
}
