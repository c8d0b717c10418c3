/**
 * A new local store normally starts with initdb, which takes several seconds. A seed is a
 * gzip tarball of a data directory that already went through initdb, the shim and the
 * migrations: loading it takes about a second. The build writes one with
 * `writeLocalStoreSeed` to `dist/supabase/local/pgdata-seed.tar.gz` (beside the shim), and
 * `openLocalStore` starts new stores from it; migrations newer than the seed apply on top.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from './migrate';
import { findSchemaFiles, type SchemaFiles } from './paths';

export const SEED_FILE_NAME = 'pgdata-seed.tar.gz';

export async function createLocalStoreSeed(files: Partial<SchemaFiles> = {}): Promise<Blob> {
  const db = await PGlite.create();
  try {
    await migrate(db, findSchemaFiles(files));
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

export function readSeed(seed: Blob | string): Blob {
  return typeof seed === 'string' ? new Blob([fs.readFileSync(seed)]) : seed;
}
