import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../../src/core/dataset';

const ROWS = 100_000;
const FILLER = 'lorem ipsum dolor sit amet, '.repeat(18); // ~504 chars, so ~525 bytes a row

/** A real collector for honest measurements, without restarting the worker with --expose-gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function writeBigCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,ticket,label\n');
  for (let i = 0; i < ROWS; i++) {
    // every 10th row has a quoted field with an embedded newline and quotes
    const ticket = i % 10 === 0 ? `"${FILLER}""quoted""\nsecond line"` : FILLER.replace(/,/g, ';');
    if (!out.write(`${String(i).padStart(6, '0')},${ticket},label-${i % 7}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('streaming a large CSV', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'refinery-big-csv-'));
    path = join(dir, 'big.csv');
    await writeBigCsv(path);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams 100k rows (~50 MB) in batches with peak heap growth far below the file size', async () => {
    const fileBytes = (await stat(path)).size;
    expect(fileBytes).toBeGreaterThan(50_000_000);

    const gc = exposeGc();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let livePeak = baseline;
    let batches = 0;
    const started = performance.now();

    const source = await openDataset(path);
    let rows = 0;
    let lastLine = 0;
    let lastId = '';
    for await (const batch of source.batches(1_000)) {
      rows += batch.length;
      const last = batch[batch.length - 1];
      lastLine = last?.line ?? 0;
      const id = last?.data.id;
      lastId = typeof id === 'string' ? id : '';
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      batches += 1;
      if (batches % 10 === 0) {
        // What is really retained at this point: the read-ahead queue and the batch in hand.
        gc();
        livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
      }
      // A consumer slower than the parser (as a database insert is): the file must be paused, not buffered.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seconds = (performance.now() - started) / 1000;
    const growth = peak - baseline;
    const liveGrowth = livePeak - baseline;

    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.info(`streamed ${rows} rows, ${mb(fileBytes)} MB in ${seconds.toFixed(2)} s; peak heap growth ${mb(growth)} MB (${((growth / fileBytes) * 100).toFixed(0)}% of the file, garbage included), live ${mb(liveGrowth)} MB (${((liveGrowth / fileBytes) * 100).toFixed(0)}%)`);

    expect(rows).toBe(ROWS);
    expect(lastId).toBe('099999');
    // header line + one line per row + one extra line for each row with an embedded newline
    expect(lastLine).toBe(1 + ROWS + ROWS / 10);
    expect(growth).toBeLessThan(fileBytes);
    expect(liveGrowth).toBeLessThan(fileBytes / 5);
  });
});
