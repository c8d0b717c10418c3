import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchOfferFor, foldBatchResults, formatBatchProgress, submitBatches, trackBatches, type BatchClient, type BatchProgress } from '../../../src/core/batch';
import { createGroqBatchClient } from '../../../src/core/providers/batch/groq-batch-client';
import { createRunFromPrepared, prepareRun, type RunPlan } from '../../../src/core/run';
import { openLocalStore } from '../../../src/store/local';
import type { LocalStore } from '../../../src/store/local';
import type { DatasetRowRecord } from '../../../src/core/model';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';

// The core path on its own: submit, track with an injected clock and sleep (no waiting), fold,
// through groq-sdk against the fake Batch API and a real local store.
let dir: string;
let server: FakeServer;
let store: LocalStore;
const prices = { 'groq/openai/gpt-oss-20b': { inputPerMillion: 1, outputPerMillion: 2 } };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-track-'));
  server = await startFakeServer();
  store = await openLocalStore({ dataDir: path.join(dir, 'store') });
}, 60_000);

afterAll(async () => {
  await store.close();
  await server.close();
});

async function newPlan(rows: number): Promise<{ plan: RunPlan; rows: DatasetRowRecord[] }> {
  writeFileSync(path.join(dir, 'rows.csv'), ['ticket', ...Array.from({ length: rows }, (_, i) => `ticket ${i}`)].join('\n') + '\n');
  writeFileSync(path.join(dir, 'p.prompt'), '---\nmodel: groq/openai/gpt-oss-20b\nrefinery.dataset: rows.csv\n---\n{{ticket}}\n');
  const prepared = await prepareRun({ promptPath: 'p.prompt', cwd: dir });
  const plan = await createRunFromPrepared(store, prepared, { workspaceRoot: dir, config: {} });
  return { plan, rows: await store.getDatasetRows(plan.run.datasetId ?? '') };
}

/** The real client, except that its first `stalls` polls see the batch unchanged (the provider queueing it). */
function stallingClient(client: BatchClient, stalls: number): BatchClient {
  let polls = 0;
  return {
    ...client,
    async retrieve(batchId) {
      polls++;
      if (polls <= stalls) return { batchId, state: 'validating', total: 0, completed: 0, failed: 0, outputFileId: null, errorFileId: null, errors: null };
      return client.retrieve(batchId);
    },
  };
}

describe('trackBatches', () => {
  it('backs off while nothing changes, resets when it does, estimates the time left, and folds every line once', async () => {
    server.setOptions({ batch: { linesPerPoll: 10 } });
    const { plan, rows } = await newPlan(25);
    const offer = batchOfferFor('groq', undefined, []);
    const client = stallingClient(createGroqBatchClient({ apiKey: 'k', baseUrl: server.url }), 4);
    const deps = { store, offerFor: () => offer, clientFor: () => client };
    let clock = Date.parse('2026-12-07T12:00:00Z');
    const submitted = await submitBatches(plan, rows, { ...deps, now: () => new Date(clock) });
    expect(submitted.batches.map((b) => [b.lineCount, b.state])).toEqual([[25, 'validating']]);

    const sleeps: number[] = [];
    const progress: BatchProgress[] = [];
    const outcome = await trackBatches(plan, rows, {
      ...deps,
      prices,
      now: () => new Date(clock),
      sleep: (ms) => {
        sleeps.push(ms);
        clock += ms;
        return Promise.resolve();
      },
      pollIntervalMs: 1000,
      maxPollIntervalMs: 3000,
      onProgress: (p) => progress.push(p),
    });
    expect(outcome).toEqual({ state: 'finished', completed: 25, failed: 0, cancelled: 0 });
    // 4 unchanged polls: 1.5× each up to the cap; then every poll moves (validating → in_progress,
    // 10, 20, 25 lines) and the wait is back at the first interval.
    expect(sleeps).toEqual([1500, 2250, 3000, 3000, 1000, 1000, 1000]);
    expect(progress.some((p) => p.etaMs !== null && p.etaMs > 0)).toBe(true);
    expect(formatBatchProgress(progress.at(-1) as BatchProgress)).toBe('batch 1/1 · 100 %');
    expect(formatBatchProgress({ batches: 3, finished: 1, linesTotal: 100, linesDone: 61, etaMs: 40 * 60_000 })).toBe('batch 2/3 · 61 % · est. 40 min');
    expect((await store.getRun(plan.run.id))?.status).toBe('completed');

    // Folding the same results again stores nothing twice.
    const [record] = await store.listRunBatches(plan.run.id);
    const results = await client.results({ batchId: record?.batchId ?? '', state: 'completed', total: 25, completed: 25, failed: 0, outputFileId: record?.outputFileId ?? null, errorFileId: null, errors: null });
    const again = await foldBatchResults(plan, plan.run.models[0]?.id ?? '', results, rows, { store, prices, discount: offer.discount });
    expect(again).toEqual({ completed: 0, failed: 0, alreadyStored: 25, unknown: 0 });
    const cells = await store.listCellMetrics(plan.run.id);
    expect(cells).toHaveLength(25);
    expect(new Set(cells.map((c) => c.datasetRowId)).size).toBe(25);
  }, 60_000);

  it('stops tracking (the batch keeps running) when the signal aborts, and a later tracker finishes from the stored ids', async () => {
    server.setOptions({ batch: { linesPerPoll: 5 } });
    const { plan, rows } = await newPlan(20);
    const offer = batchOfferFor('groq', undefined, []);
    const client = createGroqBatchClient({ apiKey: 'k', baseUrl: server.url });
    const deps = { store, offerFor: () => offer, clientFor: () => client, prices, now: () => new Date(), pollIntervalMs: 1, maxPollIntervalMs: 1 };
    await submitBatches(plan, rows, deps);
    const controller = new AbortController();
    let polls = 0;
    const first = await trackBatches(plan, rows, { ...deps, signal: controller.signal, sleep: () => Promise.resolve(++polls === 2 ? controller.abort() : undefined) });
    expect(first.state).toBe('detached');
    expect((await store.listRunBatches(plan.run.id))[0]?.foldedAt).toBeNull();
    const second = await trackBatches(plan, rows, { ...deps, sleep: () => Promise.resolve() });
    expect(second).toMatchObject({ state: 'finished', completed: 20 });
    expect(await store.listCellMetrics(plan.run.id)).toHaveLength(20);
  }, 60_000);

  it('a create whose answer was lost is adopted from the provider on resume, not submitted twice', async () => {
    server.reset();
    server.setOptions({ batch: {} });
    const { plan, rows } = await newPlan(12);
    const offer = batchOfferFor('groq', undefined, []);
    const client = createGroqBatchClient({ apiKey: 'k', baseUrl: server.url });
    const losing: BatchClient = {
      ...client,
      async create(inputFileId, window) {
        await client.create(inputFileId, window);
        throw new Error('connection reset before the answer arrived');
      },
    };
    await expect(submitBatches(plan, rows, { store, offerFor: () => offer, clientFor: () => losing, now: () => new Date() })).rejects.toThrow('connection reset');
    expect((await store.listRunBatches(plan.run.id)).map((b) => b.batchId)).toEqual([null]);

    const deps = { store, offerFor: () => offer, clientFor: () => client, now: () => new Date() };
    const resumed = await submitBatches(plan, rows, deps);
    expect(resumed.submittedLines).toBe(0);
    expect(resumed.batches[0]?.batchId).toMatch(/^batch_/);
    expect(server.batchStats.batchesCreated).toBe(1);
    const tracked = await trackBatches(plan, rows, { ...deps, prices, sleep: () => Promise.resolve(), pollIntervalMs: 1, maxPollIntervalMs: 1 });
    expect(tracked).toMatchObject({ state: 'finished', completed: 12 });
    expect(await store.listCellMetrics(plan.run.id)).toHaveLength(12);
    expect(await client.findByInputFile('file_unknown')).toBeNull();
  }, 60_000);
});
