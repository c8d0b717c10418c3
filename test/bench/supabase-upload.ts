// Benchmark (not a timed test): a 100,000-row CSV uploaded through the Supabase store over HTTP
// to @supabase/lite (file to Storage, rows in batches through append_dataset_rows, then
// finish_dataset_import), against `psql \copy` of the same file into the same PostgreSQL.
//
//   npm run bench:supabase            (scripts/with-supabase-lite.sh starts PostgreSQL and lite)
//
// Reads SUPABASE_TEST_URL, SUPABASE_TEST_ANON_KEY and SUPABASE_TEST_DB_URL from that script.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDataset } from '../../src/core/dataset';
import { createStoreClient, openSupabaseStore } from '../../src/store/supabase';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this with \`npm run bench:supabase\``);
  return value;
}

function writeCsv(file: string): void {
  const lines = ['id,ticket,locale,expected'];
  const labels = ['billing', 'bug', 'feature_request', 'account', 'other'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`${i},"Ticket ${i}: the export button does nothing when I click it, order #${(i * 7919) % 100_000}",en,${labels[i % labels.length]}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  const url = env('SUPABASE_TEST_URL');
  const anonKey = env('SUPABASE_TEST_ANON_KEY');
  const databaseUrl = env('SUPABASE_TEST_DB_URL');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-bench-supabase-'));
  try {
    const file = path.join(dir, 'tickets-100k.csv');
    writeCsv(file);
    const megabytes = fs.statSync(file).size / 1024 / 1024;

    const client = createStoreClient(url, anonKey);
    const signUp = await client.auth.signUp({ email: `bench-${randomUUID().slice(0, 8)}@refinery.test`, password: randomUUID() });
    const session = signUp.data.session;
    if (!session) throw new Error(`sign-up failed: ${signUp.error?.message ?? 'no session'}`);
    const store = await openSupabaseStore({
      url,
      anonKey,
      auth: { kind: 'session', accessToken: session.access_token, refreshToken: session.refresh_token },
    });

    const source = await openDataset(file);
    const started = performance.now();
    const dataset = await store.createDataset(
      { name: path.basename(file), filePath: path.basename(file), columns: source.columns },
      (async function* () {
        for await (const batch of source.batches(2_000)) yield batch.map((row) => row.data);
      })(),
      { sourceFile: file },
    );
    const storeMs = performance.now() - started;
    if (dataset.rowCount !== ROWS) throw new Error(`uploaded ${dataset.rowCount} rows, expected ${ROWS}`);
    const preview = await store.getDatasetRows(dataset.id, { limit: 100 });
    if (preview.length !== 100) throw new Error('preview did not return 100 rows');
    await store.close();

    const copyStarted = performance.now();
    const copied = execFileSync(
      'psql',
      [
        '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', databaseUrl,
        '-c', 'create temp table bench_copy (id int, ticket text, locale text, expected text)',
        '-c', `\\copy bench_copy from '${file}' with (format csv, header true)`,
        '-c', 'select count(*) from bench_copy',
      ],
      { encoding: 'utf8' },
    );
    const copyMs = performance.now() - copyStarted;
    if (Number(copied.trim()) !== ROWS) throw new Error(`psql \\copy loaded ${copied.trim()} rows, expected ${ROWS}`);

    console.log(`dataset: ${ROWS.toLocaleString('en')} rows, ${megabytes.toFixed(1)} MB CSV`);
    console.log(`Supabase store over @supabase/lite (Storage upload + rows in batches + finish): ${seconds(storeMs)} (${Math.round(ROWS / (storeMs / 1000)).toLocaleString('en')} rows/s)`);
    console.log(`psql \\copy into the same PostgreSQL (one session, no RLS, no HTTP):            ${seconds(copyMs)} (${Math.round(ROWS / (copyMs / 1000)).toLocaleString('en')} rows/s)`);
    console.log(`ratio: the store takes ${(storeMs / copyMs).toFixed(1)}× as long as \\copy`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
