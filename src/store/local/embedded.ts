/**
 * PGlite in this process, on `<dataDir>/pgdata`, under the folder's lock: what the store host
 * runs (and what a migration reads an old store folder with). Everything else reaches the
 * store through the host (`openLocalStore`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireStoreLock, type StoreLock } from '../lock';
import { installChangeCounter } from './host/change-counter';
import { becomeLocalUser } from './local-user';
import { migrate } from './migrate';
import { findSchemaFiles, pgDataDir } from './paths';
import { defaultSeedFile, extractSeed } from './seed';

export interface SchemaOptions {
  /** Default: the `supabase/migrations` folder found above this module (source or `dist/`). */
  migrationsDir?: string;
  /** Default: `supabase/local/00_supabase_shim.sql` beside the migrations folder. */
  shimFile?: string;
  /**
   * Only for a store that does not exist yet: start from this data-dir tarball instead of
   * initdb (see `createLocalStoreSeed`). Default: `pgdata-seed.tar.gz` beside the shim when
   * present; `false` always runs initdb.
   */
  seed?: Blob | string | false;
  /** Told how long each step of the open took (the store host logs it). */
  onStep?: (step: string, ms: number) => void;
}

export interface EmbeddedDatabase {
  db: PGlite;
  lock: StoreLock;
  /** Every migration version the database has applied. */
  migrations: string[];
  /** Closes the database, then frees the lock. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Takes the folder's lock (or throws `store.locked`), starts PGlite, applies the shim and any new
 * migration, and makes the session the local user.
 */
export async function openEmbeddedDatabase(dataDir: string, options: SchemaOptions = {}): Promise<EmbeddedDatabase> {
  const schemaFiles = findSchemaFiles({ migrationsDir: options.migrationsDir, shimFile: options.shimFile });
  const seed = options.seed ?? defaultSeedFile(schemaFiles);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireStoreLock(dataDir);
  let stepStart = performance.now();
  const step = (name: string): void => {
    const now = performance.now();
    options.onStep?.(name, now - stepStart);
    stepStart = now;
  };
  try {
    const db = await startDatabase(pgDataDir(dataDir), seed === false ? undefined : seed);
    step('PGlite start');
    try {
      const schema = await migrate(db, schemaFiles);
      step('schema check');
      await installChangeCounter(db, { afterMigrations: schema.newlyApplied.length > 0 });
      step('change counter');
      await becomeLocalUser(db);
      step('session');
      let closing: Promise<void> | undefined;
      const close = (): Promise<void> => (closing ??= db.close().finally(() => lock.release()));
      return { db, lock, migrations: schema.applied, close };
    } catch (error) {
      await db.close();
      throw error;
    }
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Postgres settings for one embedded session. shared_buffers defaults to 128MB, which PGlite
 * zeroes at every start (about 0.2 s of CPU) and which stays resident; the store's working set
 * is a few MB, and the operating system caches the data files anyway.
 */
export const LOCAL_SERVER_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
};

function startParams(): string[] {
  return [...PGlite.defaultStartParams, ...Object.entries(LOCAL_SERVER_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
}

async function startDatabase(pgdata: string, seed: Blob | string | undefined): Promise<PGlite> {
  const isNew = !fs.existsSync(path.join(pgdata, 'PG_VERSION'));
  if (isNew && seed !== undefined) {
    try {
      if (typeof seed !== 'string') return await PGlite.create(pgdata, { loadDataDir: seed, startParams: startParams() });
      // a folder without PG_VERSION holds no database (an initdb cut short)
      fs.rmSync(pgdata, { recursive: true, force: true });
      extractSeed(seed, pgdata);
      return await PGlite.create(pgdata, { startParams: startParams() });
    } catch {
      // a seed from another PGlite version, or damaged: fall back to initdb
      fs.rmSync(pgdata, { recursive: true, force: true });
    }
  }
  return PGlite.create(pgdata, { startParams: startParams() });
}
