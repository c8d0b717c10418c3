import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireStoreLock } from '../lock';
import { LocalStore } from './local-store';
import { becomeLocalUser } from './local-user';
import { migrate } from './migrate';
import { defaultLocalDataDir, findSchemaFiles, pgDataDir } from './paths';
import { defaultSeedFile, readSeed } from './seed';

export interface LocalStoreOptions {
  /** Holds `pgdata/` and `store.lock`. Default `$REFINERY_HOME` or `~/.refinery`. */
  dataDir?: string;
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
}

/**
 * Opens (creating on first use) the local store: takes the directory's lock, starts PGlite on
 * `<dataDir>/pgdata`, applies the shim and any new migration, and signs the session in as the
 * local user. Throws `UserError('store.locked')` when another process has the store open.
 */
export async function openLocalStore(options: LocalStoreOptions = {}): Promise<LocalStore> {
  const dataDir = path.resolve(options.dataDir ?? defaultLocalDataDir());
  const schemaFiles = findSchemaFiles({ migrationsDir: options.migrationsDir, shimFile: options.shimFile });
  const seed = options.seed ?? defaultSeedFile(schemaFiles);
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = acquireStoreLock(dataDir);
  try {
    const db = await startDatabase(pgDataDir(dataDir), seed === false ? undefined : seed);
    try {
      await migrate(db, schemaFiles);
      await becomeLocalUser(db);
    } catch (error) {
      await db.close();
      throw error;
    }
    return new LocalStore(db, lock, dataDir);
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
      return await PGlite.create(pgdata, { loadDataDir: readSeed(seed), startParams: startParams() });
    } catch {
      // a seed from another PGlite version, or damaged: fall back to initdb
      fs.rmSync(pgdata, { recursive: true, force: true });
    }
  }
  return PGlite.create(pgdata, { startParams: startParams() });
}
