// Build step (run by esbuild.mjs): writes the local store's seed data directory beside the
// shipped shim, so a user's first store opens in about a second instead of running initdb.
import path from 'node:path';
import { writeLocalStoreSeed } from '../src/store/local/seed';

const dist = path.resolve(__dirname);
writeLocalStoreSeed(path.join(dist, 'supabase/local/pgdata-seed.tar.gz'), {
  migrationsDir: path.join(dist, 'supabase/migrations'),
  shimFile: path.join(dist, 'supabase/local/00_supabase_shim.sql'),
}).catch((error: unknown) => {
  console.error(`could not build the local store seed: ${String(error)}`);
  process.exitCode = 1;
});
