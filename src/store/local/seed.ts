/**
 * A new local store normally starts with initdb, which takes several seconds. A seed is a
 * gzip tarball of a data directory that already went through initdb, the shim, the
 * migrations and the change counter: loading it takes about a second. The build writes one
 * with `writeLocalStoreSeed` to `dist/supabase/local/pgdata-seed.tar.gz` (beside the shim),
 * and `openLocalStore` starts new stores from it; migrations newer than the seed apply on top.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { extract } from 'tar';
import { installChangeCounter } from './host/change-counter';
import { migrate } from './migrate';
import { findSchemaFiles, type SchemaFiles } from './paths';

export const SEED_FILE_NAME = 'pgdata-seed.tar.gz';

export async function createLocalStoreSeed(files: Partial<SchemaFiles> = {}): Promise<Blob> {
  const db = await PGlite.create();
  try {
    await migrate(db, findSchemaFiles(files));
    await installChangeCounter(db, { afterMigrations: true });
    // a store started from the seed then has no WAL to replay (PGlite's single-user backend never checkpoints on its own)
    await db.exec('checkpoint');
    return await db.dumpDataDir('gzip');
  } finally {
    await db.close();
  }
}

/** For the build: writes the seed to `outFile` (normally `dist/supabase/local/pgdata-seed.tar.gz`). */
export async function writeLocalStoreSeed(outFile: string, files: Partial<SchemaFiles> = {}): Promise<void> {
  const seed = await createLocalStoreSeed(files);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, Buffer.from(await seed.arrayBuffer()));
}

/** The seed shipped beside the shim, if the build made one. */
export function defaultSeedFile(files: SchemaFiles): string | undefined {
  const file = path.join(path.dirname(files.shimFile), SEED_FILE_NAME);
  return fs.existsSync(file) ? file : undefined;
}

const SEED_READ_BYTES = 64 * 1024;

/**
 * Unpacks a seed file into `pgdata` (which must not exist yet), streaming from the file to the
 * disk. PGlite's own `loadDataDir` holds the whole tarball in memory three times over
 * (compressed, unzipped, split into files: about 90 MB) and left the store host's peak
 * resident memory about 90 MB higher for the rest of its life. The files go to a sibling
 * folder first, renamed into place once complete: a host killed halfway leaves no partial
 * data directory for its successor to start on.
 */
export function extractSeed(seedFile: string, pgdata: string): void {
  const partial = `${pgdata}.seeding`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    const problems: string[] = [];
    // synchronous (the host serves nobody yet, and it was faster) and in small reads: tar reads up
    // to 16 MB at once by default, which raised the process's peak by 50 MB instead of 25
    extract({
      file: seedFile,
      cwd: partial,
      sync: true,
      maxReadSize: SEED_READ_BYTES,
      // the seed's paths are absolute (`/PG_VERSION`): tar strips the `/`, and tells so (TAR_ENTRY_INFO)
      onwarn: (code, message) => {
        if (code !== 'TAR_ENTRY_INFO') problems.push(`${code}: ${message}`);
      },
    });
    if (problems.length > 0 || !fs.existsSync(path.join(partial, 'PG_VERSION'))) {
      throw new Error(`the seed ${seedFile} is not a data directory's tarball${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`);
    }
    fs.renameSync(partial, pgdata);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
