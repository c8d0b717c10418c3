/**
 * CPU of the local store's cell writes alone: a new store, a 5,000-row dataset, a run of 3
 * models, then 15,000 cells saved through `CellWriter` in the batches a real run makes.
 * Prints one JSON line: CPU µs per cell (user+system) of the writes, and the peak RSS.
 * RSS=1 also prints the memory after each step; PROFILE=file.cpuprofile profiles the writes.
 *
 *   npx esbuild test/bench/store-write-cpu.ts --bundle --platform=node --format=cjs \
 *     --external:@electric-sql/pglite --main-fields=module,main --outfile=dist/store-write-cpu.js \
 *     && node dist/store-write-cpu.js [rows] [batch]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { CellWriter } from '../../src/core/executor/cell-writer';
import { openLocalStore } from '../../src/store/local';
import type { CellInput } from '../../src/core/model';

setFlagsFromString('--liftoff-only'); // as bin/refinery.js

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 5000);
  const batchSize = Number(process.argv[3] ?? 250);
  const dir = mkdtempSync(path.join(tmpdir(), 'refinery-store-cpu-'));
  const store = await openLocalStore({ dataDir: dir, migrationsDir: path.resolve('supabase/migrations'), shimFile: path.resolve('supabase/local/00_supabase_shim.sql'), seed: path.resolve('dist/supabase/local/pgdata-seed.tar.gz') });
  const rss = (what: string) => process.env.RSS && console.log(what, Math.round(process.memoryUsage().rss / 2 ** 20), 'MB rss', Math.round(process.memoryUsage().heapUsed / 2 ** 20), 'MB heap', Math.round(process.memoryUsage().arrayBuffers / 2 ** 20), 'MB arraybuffers');
  rss('open');
  try {
    const data = Array.from({ length: rows }, (_, i) => ({ id: String(i), ticket: `Ticket ${i}: the export button fails when the report has more than ${i % 97} charts` }));
    const dataset = await store.createDataset({ name: 'bench', filePath: 'bench.csv', columns: ['id', 'ticket'] }, Readable.from([data]));
    const datasetRows = await store.getDatasetRows(dataset.id);
    rss('dataset');
    const run = await store.createRun({
      promptId: null,
      datasetId: dataset.id,
      promptText: 'x',
      graderTexts: {},
      config: {},
      models: ['a', 'b', 'c'].map((m) => ({ provider: 'groq', model: m, displayLabel: m, params: {} })),
    });
    const writer = new CellWriter(store, { batchSize });
    const session = process.env.PROFILE ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const before = process.cpuUsage();
    const started = performance.now();
    let n = 0;
    for (const row of datasetRows) {
      for (const model of run.models) {
        const cell: CellInput = {
          runModelId: model.id,
          datasetRowId: row.id,
          status: 'completed',
          samples: [],
          outputText: `echo: Ticket ${n}: the export button fails`,
          errorText: null,
          latencyMs: 52,
          tokensIn: 30,
          tokensOut: 12,
          tokensCached: 0,
          costUsd: 0.0000123,
          gradeScore: null,
          gradePass: null,
          gradeReason: null,
          grades: [],
          attempts: 1,
          providerTiming: { queueMs: 2, promptMs: 0.02, completionMs: 4, totalMs: 4.02 },
          simulated: false,
        };
        writer.add(cell);
        n++;
        if (n % batchSize === 0) await writer.flush();
      }
    }
    await writer.close();
    rss('written');
    const cpu = process.cpuUsage(before);
    const wallMs = performance.now() - started;
    if (session && process.env.PROFILE) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(process.env.PROFILE, JSON.stringify(profile));
    }
    console.log(JSON.stringify({ cells: n, batchSize, cpuUsPerCell: +((cpu.user + cpu.system) / n).toFixed(1), wallMs: Math.round(wallMs), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
