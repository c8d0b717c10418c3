import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchDiscountsOf, batchOfferFor, batchOffersFor, cellBatchDiscount, submitBatches, trackBatches } from '../../../src/core/batch';
import { computeCost, roundUsd } from '../../../src/core/cost';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { createGroqBatchClient } from '../../../src/core/providers/batch/groq-batch-client';
import { prepareRun, startRun, type RunPlan } from '../../../src/core/run';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import type { DatasetRowRecord } from '../../../src/core/model';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';

// A batch run keeps the discount it was submitted at, so a later fold (another window, another
// machine, changed settings) costs its cells at what the user was shown.
const MODEL = 'groq/openai/gpt-oss-20b';
const PRICE = { inputPerMillion: 1, outputPerMillion: 2 };
const prices = { [MODEL]: PRICE };

let dir: string;
let server: FakeServer;
let store: LocalStore;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-discounts-'));
  server = await startFakeServer();
  store = await openLocalStore({ dataDir: path.join(dir, 'store'), seed: false });
  writeFileSync(path.join(dir, 'rows.csv'), ['ticket', ...Array.from({ length: 6 }, (_, i) => `ticket ${i}`)].join('\n') + '\n');
  writeFileSync(path.join(dir, 'p.prompt'), `---\nmodel: ${MODEL}\nrefinery.dataset: rows.csv\n---\n{{ticket}}\n`);
}, 60_000);

afterAll(async () => {
  await store.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newRun(options: { batch?: boolean; batchDiscounts?: Record<string, number> }): Promise<{ plan: RunPlan; rows: DatasetRowRecord[] }> {
  const prepared = await prepareRun({ promptPath: 'p.prompt', cwd: dir });
  const { plan } = await startRun(store, prepared, { workspaceRoot: dir, ...options });
  return { plan, rows: await store.getDatasetRows(plan.run.datasetId ?? '') };
}

describe('run config: batch facts', () => {
  it('keeps batch and the discounts through a JSON round trip', () => {
    const stored = JSON.parse(JSON.stringify(parseRunConfig({ batch: true, batchDiscounts: { [MODEL]: 0.5, 'cerebras/gpt-oss-120b': 0 } }))) as unknown;
    const config = parseRunConfig(stored);
    expect(config.batch).toBe(true);
    expect(config.batchDiscounts).toEqual({ [MODEL]: 0.5, 'cerebras/gpt-oss-120b': 0 });
  });

  it.each([
    ['a string', 'half'],
    ['a discount above 1', { [MODEL]: 1.5 }],
    ['a negative discount', { [MODEL]: -0.1 }],
    ['a non-number', { [MODEL]: '0.5' }],
    ['an array', [0.5]],
  ])('reads stored discounts that are %s as absent, and keeps the rest of the config', (_, garbage) => {
    const config = parseRunConfig({ promptPath: 'p.prompt', batch: 'yes', batchDiscounts: garbage, concurrency: 4 });
    expect(config.batchDiscounts).toBeUndefined();
    expect(config.batch).toBeUndefined();
    expect(config).toMatchObject({ promptPath: 'p.prompt', concurrency: 4 });
  });

  it('batchDiscountsOf: each model id with its offer\'s discount, as a run stores it', () => {
    const offers = batchOffersFor([MODEL, 'cerebras/gpt-oss-120b'], { providers: { groq: { discount: 0.25 }, cerebras: { enabled: true, discount: 0.4 } } }, []);
    expect(batchDiscountsOf(offers)).toEqual({ [MODEL]: 0.25, 'cerebras/gpt-oss-120b': 0.4 });
  });

  it('startRun stores batch and the discounts with a batch run, and neither with a live run', async () => {
    const batch = await newRun({ batch: true, batchDiscounts: { [MODEL]: 0.5 } });
    const read = await store.getRun(batch.plan.run.id);
    expect(read?.config).toMatchObject({ batch: true, batchDiscounts: { [MODEL]: 0.5 } });
    // discounts without `batch` are not a batch run's: not stored
    const live = await newRun({ batchDiscounts: { [MODEL]: 0.5 } });
    const liveRead = await store.getRun(live.plan.run.id);
    expect(liveRead?.config.batch).toBeUndefined();
    expect(liveRead?.config.batchDiscounts).toBeUndefined();
  });
});

describe('fold: the stored discount', () => {
  /** Submits and tracks the run to the end with the offer `offerDiscount` (the settings now). */
  async function runToEnd(plan: RunPlan, rows: DatasetRowRecord[], offerDiscount: number) {
    server.setOptions({ batch: {} });
    const offer = batchOfferFor('groq', { providers: { groq: { discount: offerDiscount } } }, []);
    const client = createGroqBatchClient({ apiKey: 'k', baseUrl: server.url });
    const deps = { store, offerFor: () => offer, clientFor: () => client, now: () => new Date() };
    await submitBatches(plan, rows, deps);
    const outcome = await trackBatches(plan, rows, { ...deps, prices, sleep: () => Promise.resolve(), pollIntervalMs: 1, maxPollIntervalMs: 1 });
    expect(outcome).toMatchObject({ state: 'finished', completed: rows.length });
    return store.listCells(plan.run.id);
  }

  const costAt = (discount: number, cell: { tokensIn: number | null; tokensOut: number | null; tokensCached: number | null }) =>
    roundUsd((computeCost(PRICE, { inputTokens: cell.tokensIn ?? 0, outputTokens: cell.tokensOut ?? 0, cachedInputTokens: cell.tokensCached ?? 0 })?.totalUsd ?? NaN) * (1 - discount));

  it('costs the cells at the discount stored at submit, not at the offer of the settings now', async () => {
    const { plan, rows } = await newRun({ batch: true, batchDiscounts: { [MODEL]: 0.25 } });
    const cells = await runToEnd(plan, rows, 0.5);
    expect(cells).toHaveLength(rows.length);
    for (const cell of cells) {
      expect(cell.tokensIn).toBeGreaterThan(0);
      expect(cell.costUsd).toBe(costAt(0.25, cell));
      expect(cell.costUsd).not.toBe(costAt(0.5, cell));
      expect(cellBatchDiscount(plan.run.config, MODEL, cell)).toBe(0.25);
    }
  }, 60_000);

  it('a batch run stored before discounts were kept is costed at the offer\'s', async () => {
    const { plan, rows } = await newRun({ batch: true });
    const cells = await runToEnd(plan, rows, 0.5);
    for (const cell of cells) expect(cell.costUsd).toBe(costAt(0.5, cell));
    // the export cannot tell which discount that was: none is claimed
    expect(cells.map((cell) => cellBatchDiscount(plan.run.config, MODEL, cell))).toEqual(rows.map(() => null));
  }, 60_000);
});

describe('cellBatchDiscount', () => {
  const config = parseRunConfig({ batch: true, batchDiscounts: { [MODEL]: 0.5 } });

  it('is the model\'s discount for an answer folded from a batch line (no latency of its own)', () => {
    expect(cellBatchDiscount(config, MODEL, { status: 'completed', latencyMs: null })).toBe(0.5);
  });

  it('is null for a cell re-run live, a failed cell, another model, and a live run', () => {
    expect(cellBatchDiscount(config, MODEL, { status: 'completed', latencyMs: 420 })).toBeNull();
    expect(cellBatchDiscount(config, MODEL, { status: 'failed', latencyMs: null })).toBeNull();
    expect(cellBatchDiscount(config, 'cerebras/gpt-oss-120b', { status: 'completed', latencyMs: null })).toBeNull();
    expect(cellBatchDiscount(parseRunConfig({}), MODEL, { status: 'completed', latencyMs: null })).toBeNull();
  });
});
