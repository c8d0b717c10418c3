import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireStoreLock } from '../lock';
import { LocalStore } from './local-store';
import { becomeLocalUser } from './local-user';
import { migrate } from './migrate';
import { defaultLocalDataDir, findSchemaFiles, pgDataDir } from './paths';

export interface LocalStoreOptions {
  /** Holds `pgdata/` and `store.lock`. Default `$REFINERY_HOME` or `~/.refinery`. */
  dataDir?: string;
  /** Default: the `supabase/migrations` folder found above this module (source or `dist/`). */
  migrationsDir?: string;
  /** Default: `supabase/local/00_supabase_shim.sql` beside the migrations folder. */
  shimFile?: string;
}

/**
 * Opens (creating on first use) the local store: takes the directory's lock, starts PGlite on
 * `<dataDir>/pgdata`, applies the shim and any new migration, and signs the session in as the
 * local user. Throws `UserError('store.locked')` when another process has the store open.
 * A new database costs one initdb (several seconds); reopening one is much cheaper.
 */
export async function openLocalStore(options: LocalStoreOptions = {}): Promise<LocalStore> {
  const dataDir = path.resolve(options.dataDir ?? defaultLocalDataDir());
  const schemaFiles = findSchemaFiles({ migrationsDir: options.migrationsDir, shimFile: options.shimFile });
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = acquireStoreLock(dataDir);
  try {
    const db = await PGlite.create(pgDataDir(dataDir));
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
