import fs from 'node:fs';
import { cellIdOf } from '../../../src/core/model/cell-id';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/core/errors';
import { LOCAL_USER_ID, openLocalStore, stopLocalStoreHost, type LocalStore } from '../../../src/store/local';
import type { JsonValue, RunInput } from '../../../src/core/model';
import { batchesOf, cellInput } from './cells';

const repoMigrations = path.resolve(__dirname, '../../../supabase/migrations');
const repoShim = path.resolve(__dirname, '../../../supabase/local/00_supabase_shim.sql');

// One PGlite for the whole file (a new database costs seconds). Its migrations folder and
// shim are copies, so a test can add a migration or change the shim and see it on reopen.
let root: string;
let dataDir: string;
let migrationsDir: string;
let shimFile: string;
let store: LocalStore;
let firstOpenMs: number;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-store-'));
  dataDir = path.join(root, 'home');
  migrationsDir = path.join(root, 'migrations');
  fs.cpSync(repoMigrations, migrationsDir, { recursive: true });
  shimFile = path.join(root, 'shim.sql');
  fs.copyFileSync(repoShim, shimFile);
  const started = performance.now();
  store = await openLocalStore({ dataDir, migrationsDir, shimFile, seed: false });
  firstOpenMs = performance.now() - started;
});

afterAll(async () => {
  await store.close();
  await stopLocalStoreHost(dataDir);
  fs.rmSync(root, { recursive: true, force: true });
});

function runInput(overrides: Partial<RunInput> = {}): RunInput {
  return {
    promptId: null,
    datasetId: null,
    promptText: '{{role "user"}}{{ticket}}',
    graderTexts: { 'graders/label.prompt': 'Is {{output}} the label {{expected}}?' },
    config: { concurrency: 4, temperature: 0.2 },
    models: [
      { provider: 'groq', model: 'llama-3.1-8b-instant', displayLabel: 'Llama 8B', params: { temperature: 0.2 } },
      { provider: 'cerebras', model: 'gpt-oss-120b', displayLabel: 'GPT-OSS 120B', params: {} },
    ],
    ...overrides,
  };
}

async function datasetWithRows(name: string, count: number) {
  const rows = Array.from({ length: count }, (_, i) => ({ ticket: `ticket ${i}`, expected: 'billing' }));
  const dataset = await store.createDataset({ name, filePath: `data/${name}.csv`, columns: ['ticket', 'expected'] }, batchesOf([rows]));
  return { dataset, rows: await store.getDatasetRows(dataset.id) };
}

describe('opening', () => {
  it('creates the database under <dataDir>/pgdata, served by a host process that holds the lock', () => {
    expect(fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'store.lock'), 'utf8')) as { pid: number };
    const host = JSON.parse(fs.readFileSync(path.join(dataDir, 'store-host.json'), 'utf8')) as { pid: number; endpoint: string };
    expect(lock.pid).not.toBe(process.pid);
    expect(host.pid).toBe(lock.pid);
    expect(host.endpoint).toBe(path.join(dataDir, 'store.sock'));
    expect(fs.statSync(host.endpoint).isSocket()).toBe(true);
    expect(fs.statSync(host.endpoint).mode & 0o777).toBe(0o600);
    expect(store.kind).toBe('local');
    console.info(`local store: first open (host start, initdb + shim + migrations) ${firstOpenMs.toFixed(0)} ms`);
  });

  it('shares the folder with a second client, and refuses an embedded open while the host serves it', async () => {
    const second = await openLocalStore({ dataDir, migrationsDir, shimFile });
    try {
      const written = await second.upsertPrompt({ name: 'shared', type: 'prompt', body: 's', path: 'prompts/shared.prompt', contentHash: 's1' });
      expect(await store.getPrompt(written.id)).toEqual(written);
      await second.deletePrompt(written.id);
    } finally {
      await second.close();
    }
    const host = JSON.parse(fs.readFileSync(path.join(dataDir, 'store-host.json'), 'utf8')) as { pid: number };
    await expect(openLocalStore({ dataDir, migrationsDir, shimFile, embedded: true })).rejects.toSatisfy(
      (e) => isUserError(e) && e.code === 'store.locked' && e.message.includes(`in use by PID ${host.pid}`),
    );
  });
});

describe('prompts', () => {
  it('upserts by path, reads back, lists and deletes', async () => {
    const created = await store.upsertPrompt({ name: 'triage', type: 'prompt', body: 'v1', path: 'prompts/triage.prompt', contentHash: 'h1' });
    expect(created).toMatchObject({ name: 'triage', type: 'prompt', body: 'v1', path: 'prompts/triage.prompt', contentHash: 'h1' });
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await store.getPrompt(created.id)).toEqual(created);

    const unchanged = await store.upsertPrompt({ name: 'triage', type: 'prompt', body: 'v1', path: 'prompts/triage.prompt', contentHash: 'h1' });
    expect(unchanged).toEqual(created);

    const edited = await store.upsertPrompt({ name: 'triage', type: 'prompt', body: 'v2', path: 'prompts/triage.prompt', contentHash: 'h2' });
    expect(edited.id).toBe(created.id);
    expect(edited).toMatchObject({ body: 'v2', contentHash: 'h2' });

    const grader = await store.upsertPrompt({ name: 'label', type: 'grader', body: 'g', path: 'graders/label.prompt', contentHash: 'g1' });
    const listed = await store.listPrompts();
    expect(listed.map((p) => p.path)).toEqual(['graders/label.prompt', 'prompts/triage.prompt']);

    await store.deletePrompt(grader.id);
    expect(await store.getPrompt(grader.id)).toBeNull();
    expect((await store.listPrompts()).map((p) => p.id)).toEqual([created.id]);
  });

  it('answers null or nothing for unknown and malformed ids', async () => {
    expect(await store.getPrompt('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await store.getPrompt('not-a-uuid')).toBeNull();
    await expect(store.deletePrompt('not-a-uuid')).resolves.toBeUndefined();
  });
});

describe('datasets', () => {
  it('creates a dataset from several batches, numbering rows in order', async () => {
    const batches = [
      [{ ticket: 'a', n: 1 }, { ticket: 'b', n: 2 }],
      [{ ticket: 'c', n: 3, nested: { tags: ['x'], ok: true, none: null } }],
    ] satisfies Array<Array<Record<string, JsonValue>>>;
    const dataset = await store.createDataset({ name: 'tickets', filePath: 'data/tickets.jsonl', columns: ['ticket', 'n'] }, batchesOf(batches));
    expect(dataset).toMatchObject({ name: 'tickets', filePath: 'data/tickets.jsonl', rowCount: 3, columns: ['ticket', 'n'] });
    expect(await store.getDataset(dataset.id)).toEqual(dataset);
    expect((await store.listDatasets()).map((d) => d.id)).toContain(dataset.id);

    const rows = await store.getDatasetRows(dataset.id);
    expect(rows.map((r) => [r.rowIndex, r.data])).toEqual([
      [0, { ticket: 'a', n: 1 }],
      [1, { ticket: 'b', n: 2 }],
      [2, { ticket: 'c', n: 3, nested: { tags: ['x'], ok: true, none: null } }],
    ]);
    expect(rows.every((r) => r.datasetId === dataset.id)).toBe(true);
    expect((await store.getDatasetRows(dataset.id, { offset: 1, limit: 1 })).map((r) => r.data.ticket)).toEqual(['b']);
  });

  it('stores nothing when the row batches fail midway', async () => {
    const before = await store.listDatasets();
    async function* failing(): AsyncIterable<Array<Record<string, JsonValue>>> {
      yield Array.from({ length: 1500 }, (_, i) => ({ ticket: `t${i}` }));
      await Promise.resolve();
      throw new Error('disk read failed at line 1501');
    }
    await expect(store.createDataset({ name: 'broken', filePath: 'data/broken.csv', columns: ['ticket'] }, failing())).rejects.toThrow(
      'disk read failed at line 1501',
    );
    expect(await store.listDatasets()).toEqual(before);
    // the store is still usable after the rollback
    const { dataset } = await datasetWithRows('after-failure', 2);
    expect(dataset.rowCount).toBe(2);
  });

  it('reads a dataset larger than one read page in order, with offset and limit across pages', async () => {
    const { dataset, rows } = await datasetWithRows('paged', 12_001);
    expect(rows.map((r) => r.rowIndex)).toEqual(Array.from({ length: 12_001 }, (_, i) => i));
    expect(rows[12_000]?.data).toEqual({ ticket: 'ticket 12000', expected: 'billing' });
    const window = await store.getDatasetRows(dataset.id, { offset: 4_998, limit: 5_004 });
    expect(window.map((r) => r.rowIndex)).toEqual(Array.from({ length: 5_004 }, (_, i) => 4_998 + i));
    expect(await store.getDatasetRows(dataset.id, { offset: 12_000 })).toHaveLength(1);
    expect(await store.getDatasetRows(dataset.id, { limit: 0 })).toEqual([]);
  });

  it('creates an empty dataset', async () => {
    const dataset = await store.createDataset({ name: 'empty', filePath: 'data/empty.csv', columns: [] }, batchesOf([]));
    expect(dataset.rowCount).toBe(0);
    expect(await store.getDatasetRows(dataset.id)).toEqual([]);
  });
});

describe('runs and cells', () => {
  it('creates a run with its models in order and reads it back', async () => {
    const prompt = await store.upsertPrompt({ name: 'run-me', type: 'prompt', body: 'b', path: 'prompts/run-me.prompt', contentHash: 'r1' });
    const { dataset } = await datasetWithRows('for-run', 1);
    const run = await store.createRun(runInput({ promptId: prompt.id, datasetId: dataset.id }));
    expect(run).toMatchObject({
      promptId: prompt.id,
      datasetId: dataset.id,
      status: 'pending',
      promptText: '{{role "user"}}{{ticket}}',
      graderTexts: { 'graders/label.prompt': 'Is {{output}} the label {{expected}}?' },
      config: { concurrency: 4, temperature: 0.2 },
    });
    expect(run.models.map((m) => [m.provider, m.model, m.displayLabel, m.params, m.runId])).toEqual([
      ['groq', 'llama-3.1-8b-instant', 'Llama 8B', { temperature: 0.2 }, run.id],
      ['cerebras', 'gpt-oss-120b', 'GPT-OSS 120B', {}, run.id],
    ]);
    expect(await store.getRun(run.id)).toEqual(run);
    expect(await store.getRun('00000000-0000-4000-8000-000000000000')).toBeNull();

    await store.setRunStatus(run.id, 'running');
    expect((await store.getRun(run.id))?.status).toBe('running');
  });

  it('reports a missing run or cell as store.not-found', async () => {
    await expect(store.setRunStatus('00000000-0000-4000-8000-000000000000', 'failed')).rejects.toSatisfy(
      (e) => isUserError(e) && e.code === 'store.not-found' && e.fix !== undefined,
    );
    await expect(store.setManualGrade('nope', { score: 1, pass: true, note: null })).rejects.toSatisfy(
      (e) => isUserError(e) && e.code === 'store.not-found',
    );
  });

  it('deletes a run with its models, cells and manual grades, and its dataset copy once no run reads it', async () => {
    const { dataset, rows } = await datasetWithRows('deleted', 2);
    const kept = await store.createRun(runInput({ datasetId: dataset.id }));
    const deleted = await store.createRun(runInput({ datasetId: dataset.id }));
    for (const run of [kept, deleted]) await store.saveCells(rows.map((row) => cellInput(run.models[0]!.id, row.id)));
    const [graded] = await store.listCells(deleted.id);
    await store.setManualGrade(cellIdOf(graded!.runModelId, graded!.datasetRowId), { score: 0, pass: false, note: 'wrong' });

    await store.deleteRun(deleted.id);
    expect(await store.getRun(deleted.id)).toBeNull();
    expect(await store.listCells(deleted.id)).toEqual([]);
    expect((await store.listRuns()).map((r) => r.id)).not.toContain(deleted.id);
    // the other run still reads the rows
    expect(await store.getDataset(dataset.id)).not.toBeNull();
    expect(await store.listCells(kept.id)).toHaveLength(2);

    await store.deleteRun(kept.id);
    expect(await store.getDataset(dataset.id)).toBeNull();
    expect(await store.getDatasetRows(dataset.id)).toEqual([]);
    await expect(store.deleteRun(kept.id)).rejects.toSatisfy((e) => isUserError(e) && e.code === 'store.not-found');
    await expect(store.deleteRun('nope')).rejects.toSatisfy((e) => isUserError(e) && e.code === 'store.not-found');
  });

  it('saves cells, upserting on (run model, dataset row) without duplicates', async () => {
    const { rows } = await datasetWithRows('cells', 3);
    const run = await store.createRun(runInput());
    const [llama, gptOss] = run.models;
    if (!llama || !gptOss) throw new Error('run has no models');

    const first = rows.map((row) => cellInput(llama.id, row.id, { outputText: `first ${row.rowIndex}` }));
    await store.saveCells([...first, cellInput(gptOss.id, rows[0]?.id ?? null, { status: 'failed', outputText: null, errorText: '429' })]);
    // the same keys again, e.g. a retried batch: replaced, not added
    await store.saveCells(rows.map((row) => cellInput(llama.id, row.id, { outputText: `second ${row.rowIndex}`, attempts: 2 })));

    const cells = await store.listCells(run.id);
    expect(cells).toHaveLength(4);
    expect(cells.map((c) => [c.runModelId, c.outputText, c.attempts])).toEqual([
      [llama.id, 'second 0', 2],
      [llama.id, 'second 1', 2],
      [llama.id, 'second 2', 2],
      [gptOss.id, null, 1],
    ]);
    const expected = cellInput(llama.id, rows[0]?.id ?? null, { outputText: 'second 0', attempts: 2 });
    expect(cells[0]).toEqual({ ...expected, id: cellIdOf(llama.id, rows[0]?.id ?? null), manualScore: null, manualPass: null, manualNote: null, createdAt: cells[0]?.createdAt });
    expect(cells[3]).toMatchObject({ status: 'failed', errorText: '429' });
  });

  it('keeps one dataset-less cell per model, and the last of duplicates within one call', async () => {
    const run = await store.createRun(runInput());
    const model = run.models[0];
    if (!model) throw new Error('run has no models');
    await store.saveCells([cellInput(model.id, null, { outputText: 'a' }), cellInput(model.id, null, { outputText: 'b' })]);
    await store.saveCells([cellInput(model.id, null, { outputText: 'c', latencyMs: 12.7 })]);
    const cells = await store.listCells(run.id);
    expect(cells.map((c) => [c.datasetRowId, c.outputText, c.latencyMs])).toEqual([[null, 'c', 13]]);
  });

  it('keeps every text, number and JSON value exactly through the batch write', async () => {
    const { rows } = await datasetWithRows('odd-values', 2);
    const run = await store.createRun(runInput());
    const model = run.models[0];
    if (!model) throw new Error('run has no models');
    const odd = cellInput(model.id, rows[0]?.id ?? null, {
      outputText: 'quote " backslash \\ braces {a,b} comma, "NULL"\nnew line\ttab é 🚀',
      errorText: 'NULL',
      gradeReason: '',
      costUsd: 0.0000001,
      gradeScore: 0.1 + 0.2,
      grades: [{ grader: 'g "1"', score: null, pass: null, reason: '{"not": "parsed"}\\', state: 'ungraded', costUsd: 1e-9 }],
      providerTiming: { queueTime: 1.5e-7, totalTime: 123456.789 },
      samples: [
        { outputText: 'quote " \\ 🚀\n', errorText: null, latencyMs: 412, tokensIn: 1, tokensOut: 2, tokensCached: 0, costUsd: 0.0000001, gradePass: true, gradeScore: 0.1 + 0.2,
          grades: [{ grader: 'g "1"', score: 1, pass: true, reason: '{"not": "parsed"}', state: 'graded', costUsd: 1e-9 }] },
        { outputText: null, errorText: 'NULL', latencyMs: null, tokensIn: null, tokensOut: null, tokensCached: null, costUsd: null, gradePass: null, gradeScore: null, grades: [] },
      ],
    });
    const plain = cellInput(model.id, rows[1]?.id ?? null, { outputText: null, costUsd: 123456.789, grades: [], providerTiming: {} });
    await store.saveCells([odd, plain]);
    const cells = await store.listCells(run.id);
    expect(cells.map(({ id: _id, createdAt: _createdAt, manualScore: _s, manualPass: _p, manualNote: _n, ...input }) => input)).toEqual([odd, plain]);
  });

  it('stores a manual grade beside the automatic one and keeps it when the cell is re-saved', async () => {
    const run = await store.createRun(runInput());
    const model = run.models[0];
    if (!model) throw new Error('run has no models');
    await store.saveCells([cellInput(model.id, null, { gradeScore: 0, gradePass: false })]);
    const [cell] = await store.listCells(run.id);
    if (!cell) throw new Error('no cell');

    await store.setManualGrade(cellIdOf(cell.runModelId, cell.datasetRowId), { score: 0.8, pass: true, note: 'label is a synonym' });
    await store.saveCells([cellInput(model.id, null, { gradeScore: 0.1, gradePass: false, attempts: 2 })]);

    const [after] = await store.listCells(run.id);
    expect(after).toMatchObject({ id: cell.id, gradeScore: 0.1, gradePass: false, manualScore: 0.8, manualPass: true, manualNote: 'label is a synonym' });
  });

  it('lists the metrics of every cell of a run, model by model, without text or JSON columns', async () => {
    const { rows } = await datasetWithRows('metrics', 3);
    const run = await store.createRun(runInput());
    const other = await store.createRun(runInput());
    const [llama, gptOss] = run.models;
    if (!llama || !gptOss) throw new Error('run has no models');
    // saved out of model order, and another run's cells beside them
    await store.saveCells([
      cellInput(gptOss.id, rows[1]?.id ?? null, { status: 'failed', outputText: null, errorText: 'timeout', latencyMs: null, costUsd: null, gradeScore: null, gradePass: null, simulated: true }),
      ...rows.map((row) => cellInput(llama.id, row.id, { latencyMs: 100 + row.rowIndex, costUsd: 0.0000063 * (row.rowIndex + 1) })),
      cellInput(other.models[0]?.id ?? '', rows[0]?.id ?? null),
    ]);
    const [graded] = (await store.listCells(run.id)).filter((c) => c.runModelId === llama.id && c.datasetRowId === rows[2]?.id);
    if (!graded) throw new Error('no cell to grade');
    await store.setManualGrade(cellIdOf(graded.runModelId, graded.datasetRowId), { score: 0.25, pass: false, note: 'close, but no' });

    const metrics = await store.listCellMetrics(run.id);
    const cells = await store.listCells(run.id);
    expect(metrics).toHaveLength(4);
    expect(metrics.map((m) => m.runModelId)).toEqual([llama.id, llama.id, llama.id, gptOss.id]);
    expect(new Set(metrics.map((m) => m.id))).toEqual(new Set(cells.map((c) => c.id)));
    for (const m of metrics) {
      expect(Object.keys(m).sort()).toEqual(
        ['costUsd', 'datasetRowId', 'gradePass', 'gradeScore', 'id', 'latencyMs', 'manualPass', 'manualScore', 'runModelId', 'simulated', 'status'],
      );
      const cell = cells.find((c) => c.id === m.id);
      expect(m).toEqual({
        id: cell?.id, runModelId: cell?.runModelId, datasetRowId: cell?.datasetRowId, status: cell?.status, latencyMs: cell?.latencyMs,
        costUsd: cell?.costUsd, gradeScore: cell?.gradeScore, gradePass: cell?.gradePass, manualPass: cell?.manualPass,
        manualScore: cell?.manualScore, simulated: cell?.simulated,
      });
    }
    expect(metrics.find((m) => m.datasetRowId === rows[0]?.id && m.runModelId === llama.id)).toMatchObject({ latencyMs: 100, costUsd: 0.0000063 });
    expect(metrics.find((m) => m.id === graded.id)).toMatchObject({ manualPass: false, manualScore: 0.25, gradePass: true });
    expect(metrics.find((m) => m.runModelId === gptOss.id)).toMatchObject({
      datasetRowId: rows[1]?.id, status: 'failed', latencyMs: null, costUsd: null, gradeScore: null, gradePass: null, simulated: true,
    });
  });

  it('lists no metrics for a run without cells, an unknown run or a malformed id', async () => {
    const run = await store.createRun(runInput());
    expect(await store.listCellMetrics(run.id)).toEqual([]);
    expect(await store.listCellMetrics('00000000-0000-4000-8000-000000000000')).toEqual([]);
    expect(await store.listCellMetrics('not-a-uuid')).toEqual([]);
  });

  it('lists runs newest first with prompt name, cell and failure counts', async () => {
    const prompt = await store.upsertPrompt({ name: 'counted', type: 'prompt', body: 'b', path: 'prompts/counted.prompt', contentHash: 'c1' });
    const { rows } = await datasetWithRows('counted', 2);
    const older = await store.createRun(runInput({ promptId: prompt.id }));
    const newer = await store.createRun(runInput({ promptId: prompt.id }));
    const [a, b] = newer.models;
    if (!a || !b) throw new Error('run has no models');
    await store.saveCells([
      cellInput(a.id, rows[0]?.id ?? null),
      cellInput(a.id, rows[1]?.id ?? null, { status: 'failed', errorText: 'boom', outputText: null }),
      cellInput(b.id, rows[0]?.id ?? null),
    ]);

    const listed = await store.listRuns({ promptId: prompt.id });
    expect(listed.map((r) => [r.id, r.promptName, r.cellCount, r.failedCount])).toEqual([
      [newer.id, 'counted', 3, 1],
      [older.id, 'counted', 0, 0],
    ]);
    expect(listed[0]?.models.map((m) => m.displayLabel)).toEqual(['Llama 8B', 'GPT-OSS 120B']);
    expect(await store.listRuns({ promptId: prompt.id, limit: 1 })).toHaveLength(1);
    expect((await store.listRuns()).length).toBeGreaterThanOrEqual(2);

    // the runs outlive their prompt, which keeps their history
    await store.deletePrompt(prompt.id);
    const orphan = await store.getRun(newer.id);
    expect(orphan).toMatchObject({ promptId: null, promptText: '{{role "user"}}{{ticket}}' });
    const summary = (await store.listRuns()).find((r) => r.id === newer.id);
    expect(summary).toMatchObject({ promptName: null, cellCount: 3 });
  });

  it('persists 15,000 cells in batches of 500 at a fraction of the cost of one statement per cell', async () => {
    const { rows } = await datasetWithRows('bench', 5000);
    const models = [0, 1, 2, 3].map((i) => ({ provider: 'groq', model: `m${i}`, displayLabel: `M${i}`, params: {} }));
    const run = await store.createRun(runInput({ models }));
    const [m0, m1, m2, oneByOne] = run.models;
    if (!m0 || !m1 || !m2 || !oneByOne) throw new Error('run has no models');
    const cells = [m0, m1, m2].flatMap((m) =>
      rows.map((r) => cellInput(m.id, r.id, { outputText: `label for ticket ${r.rowIndex}: billing` })),
    );
    expect(cells).toHaveLength(15_000);

    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    for (let i = 0; i < cells.length; i += 500) await store.saveCells(cells.slice(i, i + 500));
    const batched = microsPerCell(process.cpuUsage(cpuBefore), cells.length);
    const wallMicros = ((performance.now() - wallBefore) * 1000) / cells.length;

    const singles = rows.slice(0, 100).map((r) => cellInput(oneByOne.id, r.id));
    const singlesBefore = process.cpuUsage();
    for (const cell of singles) await store.saveCells([cell]);
    const oneAtATime = microsPerCell(process.cpuUsage(singlesBefore), singles.length);
    console.info(
      `local store: saveCells 15,000 cells in batches of 500: ${batched.toFixed(0)} µs CPU/cell (${wallMicros.toFixed(0)} µs wall); ` +
        `one cell per statement: ${oneAtATime.toFixed(0)} µs CPU/cell`,
    );

    const summary = (await store.listRuns()).find((r) => r.id === run.id);
    expect(summary?.cellCount).toBe(15_000 + singles.length);
    expect(batched).toBeLessThan(oneAtATime / 3);

    const rowsBefore = process.cpuUsage();
    const reread = await store.getDatasetRows(rows[0]?.datasetId ?? '');
    const rowMicros = microsPerCell(process.cpuUsage(rowsBefore), reread.length);
    const metricsBefore = process.cpuUsage();
    const metrics = await store.listCellMetrics(run.id);
    const metricsMicros = microsPerCell(process.cpuUsage(metricsBefore), metrics.length);
    const cellsBefore = process.cpuUsage();
    const cells15k = await store.listCells(run.id);
    const cellMicros = microsPerCell(process.cpuUsage(cellsBefore), cells15k.length);
    console.info(
      `local store: getDatasetRows ${rowMicros.toFixed(1)} µs CPU/row; listCellMetrics ${metricsMicros.toFixed(1)} µs CPU/cell; ` +
        `listCells ${cellMicros.toFixed(1)} µs CPU/cell`,
    );
    expect(reread).toHaveLength(5000);
    expect(reread.map((r) => r.rowIndex)).toEqual(rows.map((r) => r.rowIndex));
    expect(metrics).toHaveLength(15_000 + singles.length);
    expect(metricsMicros).toBeLessThan(cellMicros / 2);
  });
});

function microsPerCell(cpu: NodeJS.CpuUsage, cells: number): number {
  return (cpu.user + cpu.system) / cells;
}

describe('reopening', () => {
  it('keeps the data, applies only new migrations, and goes through row level security', async () => {
    const prompt = await store.upsertPrompt({ name: 'kept', type: 'prompt', body: 'k', path: 'prompts/kept.prompt', contentHash: 'k1' });
    const runCount = (await store.listRuns()).length;
    await store.close();
    await stopLocalStoreHost(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'store.lock'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'store.sock'))).toBe(false);

    // As the superuser, behind the store's back: another user's prompt, and the applied versions.
    const raw = await PGlite.create(path.join(dataDir, 'pgdata'));
    await raw.query(`insert into auth.users (id) values ('00000000-0000-4000-8000-0000000000b0')`);
    await raw.query(
      `insert into public.prompt (owner_id, name, body, path, content_hash)
       values ('00000000-0000-4000-8000-0000000000b0', 'foreign', 'x', 'prompts/foreign.prompt', 'f')`,
    );
    const versions = await raw.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version');
    const owners = await raw.query<{ owner_id: string }>('select distinct owner_id from public.run');
    await raw.close();
    expect(versions.rows.map((r) => r.version)).toEqual(fs.readdirSync(migrationsDir).map((f) => f.slice(0, 14)).sort());
    expect(owners.rows).toEqual([{ owner_id: LOCAL_USER_ID }]);

    // A later migration: applied on the next open, once (a second run of it would fail).
    fs.writeFileSync(
      path.join(migrationsDir, '20991231000000_add_prompt_note.sql'),
      'alter table public.prompt add column note text;\n',
    );
    store = await openLocalStore({ dataDir, migrationsDir, shimFile });
    await store.close();
    await stopLocalStoreHost(dataDir);
    const reopenStarted = performance.now();
    const reopenCpu = process.cpuUsage();
    store = await openLocalStore({ dataDir, migrationsDir, shimFile });
    const cpu = process.cpuUsage(reopenCpu);
    console.info(
      `local store: reopen ${(performance.now() - reopenStarted).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`,
    );

    expect(await store.getPrompt(prompt.id)).toEqual(prompt);
    expect(await store.listRuns()).toHaveLength(runCount);
    expect((await store.listPrompts()).map((p) => p.path)).not.toContain('prompts/foreign.prompt');
  }, 180_000);

  it('skips the shim while it is unchanged, and applies it again once it changes', async () => {
    await store.close();
    await stopLocalStoreHost(dataDir);
    const raw = await PGlite.create(path.join(dataDir, 'pgdata'));
    await raw.exec('drop function auth.role()');
    await raw.close();
    const roleFunctionExists = async (): Promise<boolean> => {
      const check = await PGlite.create(path.join(dataDir, 'pgdata'));
      const found = await check.query<{ found: boolean }>(`select to_regprocedure('auth.role()') is not null as found`);
      await check.close();
      return found.rows[0]?.found ?? false;
    };

    store = await openLocalStore({ dataDir, migrationsDir, shimFile });
    await store.close();
    await stopLocalStoreHost(dataDir);
    expect(await roleFunctionExists()).toBe(false);

    fs.appendFileSync(shimFile, '\n-- a newer shim\n');
    store = await openLocalStore({ dataDir, migrationsDir, shimFile });
    await store.close();
    await stopLocalStoreHost(dataDir);
    expect(await roleFunctionExists()).toBe(true);

    store = await openLocalStore({ dataDir, migrationsDir, shimFile });
    expect((await store.listPrompts()).map((p) => p.path)).toContain('prompts/kept.prompt');
  }, 180_000);
});
