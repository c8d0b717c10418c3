/**
 * The results panel's host-side data, on a real local store (PGlite) with a run executed by
 * the core on the offline `sim` provider: what `init` and `cellDetail` carry, validated with
 * the very schemas the webview applies on arrival.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE } from '../../../src/core/cost';
import { createScheduler } from '../../../src/core/executor';
import { createProviderRegistry } from '../../../src/core/providers';
import { createRunFromPrepared, executeRun, prepareRun, startRun } from '../../../src/core/run';
import { buildCellDetail } from '../../../src/extension/results/cell-detail';
import { cellIdOf } from '../../../src/core/model/cell-id';
import { EMPTY_RESULT } from '../../../src/core/model/empty-result';
import { loadInit } from '../../../src/extension/results/load-init';
import { toWebviewMessageSchema } from '../../../src/shared/protocol';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import type { CellInput, RunRecord } from '../../../src/core/model';
import { runWhen } from '../../../src/extension/runs/run-title';

const repo = path.resolve(__dirname, '../../..');
let root: string;
let store: LocalStore;
let run: RunRecord;


beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-ext-'));
  fs.writeFileSync(path.join(root, 'tickets.csv'), 'ticket,expected\nI was charged twice,billing\n"App crashes, <b>help</b>",bug\nAdd dark mode,feature_request\n');
  fs.writeFileSync(
    path.join(root, 'triage.prompt'),
    '---\nrefinery.models: [sim/echo, sim/fast]\nrefinery.dataset: tickets.csv\nrefinery.graders: [grader.prompt]\n---\n{{role "system"}}Label the ticket.\n{{role "user"}}{{ticket}}\n',
  );
  fs.writeFileSync(path.join(root, 'grader.prompt'), '---\nmodel: sim/judge\nrefinery.kind: grader\n---\nIs {{output}} the label {{expected}}?\n');
  store = await openLocalStore({
    dataDir: path.join(root, 'store'),
    migrationsDir: path.join(repo, 'supabase/migrations'),
    shimFile: path.join(repo, 'supabase/local/00_supabase_shim.sql'),
    seed: false,
  });
  const prepared = await prepareRun({ promptPath: 'triage.prompt', cwd: root });
  const plan = await createRunFromPrepared(store, prepared, { workspaceRoot: root });
  const registry = createProviderRegistry({ env: {} });
  const scheduler = createScheduler({ resolve: (id) => registry.resolve(id), concurrency: 4, timeoutMs: 5_000, maxAttempts: 2 });
  await executeRun(plan, { store, scheduler, prices: DEFAULT_PRICE_TABLE });
  run = plan.run;
}, 120_000);

afterAll(async () => {
  await store?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('results panel init', () => {
  it('carries the run, its models, every row and every cell, as the webview validates them', async () => {
    const init = await loadInit(store, run.id, undefined);
    expect(toWebviewMessageSchema.safeParse(init.message).success).toBe(true);
    const { message } = init;
    expect(message.run).toMatchObject({ promptName: 'triage', datasetName: 'tickets.csv', status: 'completed', totalCells: 6, graders: ['grader.prompt'] });
    expect(message.models.map((m) => [m.label, m.simulated])).toEqual([
      ['sim/echo', true],
      ['sim/fast', true],
    ]);
    expect(message.rows.map((r) => r.values.ticket)).toEqual(['I was charged twice', 'App crashes, <b>help</b>', 'Add dark mode']);
    expect(message.cells).toHaveLength(6);
    expect(message.progress).toEqual({ done: 6, total: 6 });
    const ids = new Set(message.cells.map((c) => c.id));
    for (const model of run.models) for (const row of message.rows) expect(ids.has(cellIdOf(model.id, row.datasetRowId))).toBe(true);
    // prompt · dataset · models · when: tabs of several runs tell them apart
    expect(init.title).toBe(`triage · tickets.csv · sim/echo +1 · ${runWhen(run.createdAt)}`);
  });

  it('adds the cells a live run streamed but has not written yet, and says it is running', async () => {
    const runModelId = run.models[0]?.id ?? '';
    const streamed: CellInput = {
      runModelId,
      datasetRowId: null,
      status: 'failed',
      ...EMPTY_RESULT,
      errorText: 'timeout: no answer within 5000 ms',
      attempts: 2,
      samples: [],
    };
    const live = { progress: { done: 3, total: 6 }, cells: new Map([[cellIdOf(runModelId, null), streamed]]) };
    const { message } = await loadInit(store, run.id, live);
    expect(message.run.status).toBe('running');
    expect(message.progress).toEqual({ done: 3, total: 6 });
    expect(message.cells).toHaveLength(7);
    expect(message.cells.find((c) => c.datasetRowId === null)?.error).toBe('timeout: no answer within 5000 ms');
  });

  it('refuses a run that is not in the store with a user error', async () => {
    await expect(loadInit(store, '00000000-0000-0000-0000-000000000000', undefined)).rejects.toThrow(/no longer in the store/);
  });
});

describe('cell detail', () => {
  it('shows the messages the store recorded as sent (not a re-render), with grades and costs', async () => {
    const init = await loadInit(store, run.id, undefined);
    const row = [...init.rows.values()].find((r) => r.rowIndex === 1);
    const cell = [...init.cells.values()].find((c) => c.datasetRowId === row?.id && c.runModelId === run.models[0]?.id);
    expect(cell).toBeDefined();
    if (!cell) return;
    // a file edited after the run changes nothing: the detail reads the record
    fs.writeFileSync(path.join(root, 'triage.prompt'), '{{role "system"}}Edited since.\n{{role "user"}}{{ticket}}');
    const detail = await buildCellDetail(run, cell, row, store);
    expect(toWebviewMessageSchema.safeParse({ type: 'cellDetail', detail }).success).toBe(true);
    expect(detail.request?.messages).toEqual([
      { role: 'system', parts: [{ type: 'text', text: 'Label the ticket.\n' }] },
      { role: 'user', parts: [{ type: 'text', text: 'App crashes, <b>help</b>' }] },
    ]);
    expect(detail.output).toBe('echo: App crashes, <b>help</b>');
    expect(detail.grades).toHaveLength(1);
    expect(detail.grades[0]?.grader).toBe('grader.prompt');
    expect(detail.rowValues).toEqual({ ticket: 'App crashes, <b>help</b>', expected: 'bug' });
    expect(detail.modelLabel).toBe('sim/echo');
    expect(detail.gradingCostUsd).toBe(detail.grades.reduce((sum, g) => sum + (g.costUsd ?? Number.NaN), 0));
  });
});

describe('a batch run', () => {
  /** A cell as the batch fold writes it: completed, no latency of its own (see `foldBatchResults`). */
  const folded = (runModelId: string, datasetRowId: string, latencyMs: number | null): CellInput => ({
    runModelId, datasetRowId, status: 'completed', outputText: 'billing', errorText: null, latencyMs, tokensIn: 30, tokensOut: 2, tokensCached: 0, costUsd: 0.000001,
    gradeScore: null, gradePass: null, gradeReason: null, grades: [], attempts: 1, providerTiming: {}, simulated: false, samples: [],
  });

  it('init says batch, with each model\'s stored discount (null when not kept); the detail gives the discount of an answer from a batch only', async () => {
    fs.writeFileSync(path.join(root, 'batch.prompt'), '---\nrefinery.models: [sim/echo, sim/fast]\nrefinery.dataset: tickets.csv\n---\n{{ticket}}\n');
    const prepared = await prepareRun({ promptPath: 'batch.prompt', cwd: root });
    const { plan } = await startRun(store, prepared, { workspaceRoot: root, batch: true, batchDiscounts: { 'sim/echo': 0.5 } });
    const [echo] = plan.run.models;
    const rows = await store.getDatasetRows(plan.run.datasetId ?? '');
    await store.saveCells([folded(echo?.id ?? '', rows[0]?.id ?? '', null), folded(echo?.id ?? '', rows[1]?.id ?? '', 350)]);

    const init = await loadInit(store, plan.run.id, undefined);
    expect(toWebviewMessageSchema.safeParse(init.message).success).toBe(true);
    expect(init.message.run.batch).toBe(true);
    expect(init.message.models.map((m) => [m.model, m.batch])).toEqual([['echo', { discount: 0.5 }], ['fast', { discount: null }]]);

    const cellOf = (rowIndex: number) => [...init.cells.values()].find((c) => c.datasetRowId === rows[rowIndex]?.id && c.runModelId === echo?.id);
    const fromBatch = await buildCellDetail(plan.run, cellOf(0)!, rows[0], store);
    expect(fromBatch.modelBatchDiscount).toBe(0.5);
    expect(toWebviewMessageSchema.safeParse({ type: 'cellDetail', detail: fromBatch }).success).toBe(true);
    // re-run live after the batch: the live price
    expect('modelBatchDiscount' in (await buildCellDetail(plan.run, cellOf(1)!, rows[1], store))).toBe(false);
  });

  it('a live run says nothing of batches', async () => {
    const { message } = await loadInit(store, run.id, undefined);
    expect('batch' in message.run).toBe(false);
    expect(message.models.every((m) => !('batch' in m))).toBe(true);
  });
});
