import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE } from '../../../src/core/cost';
import { createScheduler } from '../../../src/core/executor';
import { createProviderRegistry, type ProviderRegistry } from '../../../src/core/providers';
import { sampleAgreement } from '../../../src/core/repeats';
import { executeRun, planResume, type RunEvent } from '../../../src/core/run';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import type { CellRecord, RunRecord } from '../../../src/core/model';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';
import { batchesOf } from '../store/cells';

// refinery.repeat: 3 through the real executor, the real Groq SDK against the fake server, a
// grader on every sample, and the real local store (PGlite): every cell is exactly 3 model calls
// and 3 grader calls, saved once with its 3 samples, and a resumed run runs only what is missing.

const REPEAT = 3;
const MODELS = ['llama-3.1-8b-instant', 'openai/gpt-oss-120b'];
const JUDGE = 'llama-3.3-70b-versatile';
const ROWS = 6;
const PROMPT = `---\nmodel: groq/${MODELS[0]}\nrefinery.repeat: ${REPEAT}\n---\n{{role "user"}}{{ticket}}\n`;
const GRADER = '---\nrefinery.kind: grader\n---\n{{role "user"}}Grade: {{output}}\n';

let root: string;
let store: LocalStore;
let server: FakeServer;
let registry: ProviderRegistry;
/** Requests per `<model>|<last user message>`: a cell's calls, or a grader's calls on one output. */
let calls: Map<string, number>;
/** When set, only requests sent with this API key are counted in `calls`. */
let countedKey: string | undefined;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-repeat-'));
  store = await openLocalStore({ dataDir: path.join(root, 'home'), seed: false });
});

afterAll(async () => {
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(async () => {
  calls = new Map();
  countedKey = undefined;
  server = await startFakeServer({
    latencyMs: 5,
    onRequest: ({ key, body, headers }) => {
      if (countedKey !== undefined && headers.authorization !== `Bearer ${countedKey}`) return;
      calls.set(`${body.model}|${key}`, (calls.get(`${body.model}|${key}`) ?? 0) + 1);
    },
    // Samples of one cell alternate between two answers (v0 v1 v0 …, by arrival), and the judge
    // passes v0 only: every cell has 2 distinct outputs and 2 of 3 samples pass.
    respond: (body) => {
      const last = body.messages.at(-1)?.content ?? '';
      if (typeof last === 'string' && last.startsWith('Grade: ')) {
        return JSON.stringify({ score: last.endsWith('v0') ? 1 : 0, pass: last.endsWith('v0'), reason: 'checked' });
      }
      const seen = calls.get(`${body.model}|${String(last)}`) ?? 1;
      return `echo: ${String(last)} v${(seen - 1) % 2}`;
    },
  });
  registry = createProviderRegistry({ env: { GROQ_API_KEY: 'test-key', GROQ_BASE_URL: server.url } });
});

afterEach(async () => {
  await registry.close();
  await server.close();
});

async function newRun(): Promise<RunRecord> {
  const tickets = Array.from({ length: ROWS }, (_, i) => ({ ticket: `ticket ${i}` }));
  const dataset = await store.createDataset({ name: 'tickets', filePath: 'tickets.csv', columns: ['ticket'] }, batchesOf([tickets]));
  return store.createRun({
    promptId: null,
    datasetId: dataset.id,
    promptText: PROMPT,
    graderTexts: { 'g.prompt': GRADER },
    config: { promptPath: 'p.prompt', graders: [{ ref: 'g.prompt', judge: `groq/${JUDGE}` }] },
    models: MODELS.map((model) => ({ provider: 'groq', model, displayLabel: model, params: {} })),
  });
}

async function execute(runId: string, options: { signal?: AbortSignal; onEvent?: (event: RunEvent) => void; maxAttempts?: number } = {}) {
  const scheduler = createScheduler({ resolve: (id) => registry.resolve(id), concurrency: 4, timeoutMs: 5000, maxAttempts: options.maxAttempts ?? 2 });
  return executeRun(await planResume(store, runId), {
    store,
    scheduler,
    prices: DEFAULT_PRICE_TABLE,
    signal: options.signal,
    onEvent: options.onEvent,
    writer: { flushIntervalMs: 5 },
  });
}

/** Model calls per cell and grader calls per cell, keyed `<model> <ticket>`. */
function callsPerCell(): { model: Map<string, number>; grader: Map<string, number> } {
  const model = new Map<string, number>();
  const grader = new Map<string, number>();
  for (const [key, count] of calls) {
    const [name, message] = key.split('|') as [string, string];
    if (name === JUDGE) continue;
    model.set(`${name} ${message}`, count);
  }
  // A grader request's message is "Grade: echo: <ticket> v<k>"; which model answered is not in it,
  // so grader calls are counted per ticket, over both models.
  for (const [key, count] of calls) {
    const [name, message] = key.split('|') as [string, string];
    if (name !== JUDGE) continue;
    const ticket = /^Grade: echo: (.*) v\d$/.exec(message)?.[1] ?? message;
    grader.set(ticket, (grader.get(ticket) ?? 0) + count);
  }
  return { model, grader };
}

const ticketOf = (cell: CellRecord, rows: Map<string, number>) => `ticket ${rows.get(cell.datasetRowId ?? '') ?? -1}`;

describe('refinery.repeat: 3', () => {
  it('makes exactly 3 model calls and 3 grader calls per cell and saves each cell once with its 3 samples', async () => {
    const run = await newRun();
    const saved: string[] = [];
    const outcome = await execute(run.id, { onEvent: (e) => e.type === 'cell-saved' && saved.push(`${e.cell.runModelId}|${e.cell.datasetRowId}`) });
    expect(outcome).toMatchObject({ status: 'completed', completed: ROWS * MODELS.length, failed: 0, cancelled: 0 });
    expect(saved).toHaveLength(ROWS * MODELS.length);
    expect(new Set(saved).size).toBe(ROWS * MODELS.length);

    const { model, grader } = callsPerCell();
    expect(model.size).toBe(ROWS * MODELS.length);
    expect([...model.values()].every((n) => n === REPEAT)).toBe(true);
    expect(grader.size).toBe(ROWS);
    expect([...grader.values()].every((n) => n === REPEAT * MODELS.length)).toBe(true);

    const cells = await store.listCells(run.id);
    expect(cells).toHaveLength(ROWS * MODELS.length);
    for (const cell of cells) {
      expect(cell.samples).toHaveLength(REPEAT);
      expect(sampleAgreement(cell.samples)).toMatchObject({ samples: 3, passCount: 2, graded: 3, distinctOutputs: 2, allAgree: false });
      // the cell: majority pass, mean score, summed tokens and grading cost, the first sample's output
      expect(cell).toMatchObject({ status: 'completed', gradePass: true, gradeReason: '2/3 samples pass (majority)', attempts: 3 });
      expect(cell.gradeScore).toBeCloseTo(2 / 3, 12);
      expect(cell.outputText).toBe(cell.samples[0]?.outputText);
      expect(cell.tokensOut).toBe(cell.samples.reduce((sum, s) => sum + (s.tokensOut ?? 0), 0));
      expect(cell.costUsd).toBeCloseTo(cell.samples.reduce((sum, s) => sum + (s.costUsd ?? 0), 0), 10);
      expect(cell.grades).toHaveLength(1);
      expect(cell.grades[0]).toMatchObject({ grader: 'g.prompt', pass: true, state: 'graded' });
      expect(cell.grades[0]?.costUsd).toBeCloseTo(cell.samples.reduce((sum, s) => sum + (s.grades[0]?.costUsd ?? 0), 0), 10);
      for (const sample of cell.samples) {
        expect(sample.grades).toHaveLength(1);
        expect(sample.gradePass).toBe(sample.outputText?.endsWith('v0'));
      }
    }
  });

  it('a cancelled run keeps only whole cells; resume runs exactly 3 calls for each unfinished cell and none for the others', async () => {
    const run = await newRun();
    const rowIndex = new Map((await store.getDatasetRows(run.datasetId ?? '')).map((r) => [r.id, r.rowIndex]));
    const controller = new AbortController();
    let savedCount = 0;
    const first = await execute(run.id, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'cell-saved' && ++savedCount === 3) controller.abort();
      },
    });
    expect(first.status).toBe('cancelled');
    const afterFirst = await store.listCells(run.id);
    expect(afterFirst.length).toBeGreaterThanOrEqual(3);
    expect(afterFirst.length).toBeLessThan(ROWS * MODELS.length);
    expect(afterFirst.every((c) => c.status === 'completed' && c.samples.length === REPEAT)).toBe(true);

    const done = new Set(afterFirst.map((c) => `${c.runModelId}|${c.datasetRowId}`));
    // A request the first run wrote just before the abort can reach this in-process server after
    // executeRun has returned. The resumed run sends another key, and only its requests count.
    await registry.close();
    registry = createProviderRegistry({ env: { GROQ_API_KEY: 'resume-key', GROQ_BASE_URL: server.url } });
    countedKey = 'resume-key';
    calls.clear();
    const second = await execute(run.id);
    expect(second).toMatchObject({ status: 'completed', alreadyDone: afterFirst.length, completed: ROWS * MODELS.length - afterFirst.length });

    const cells = await store.listCells(run.id);
    expect(cells).toHaveLength(ROWS * MODELS.length);
    const modelNameOf = new Map(run.models.map((m) => [m.id, m.model]));
    const { model } = callsPerCell();
    for (const cell of cells) {
      const requests = model.get(`${modelNameOf.get(cell.runModelId)} ${ticketOf(cell, rowIndex)}`) ?? 0;
      expect(requests, `${cell.runModelId} row ${rowIndex.get(cell.datasetRowId ?? '')}`).toBe(done.has(`${cell.runModelId}|${cell.datasetRowId}`) ? 0 : REPEAT);
      expect(cell.samples).toHaveLength(REPEAT);
    }
  });

  it('a sample that fails makes the cell failed (with the other samples kept); resume runs its 3 samples again', async () => {
    const run = await newRun();
    server.setOptions({ faultsPerKey: { 'ticket 4': ['500'] } });
    server.reset();
    const first = await execute(run.id, { maxAttempts: 1 });
    expect(first).toMatchObject({ status: 'completed', completed: ROWS * MODELS.length - 1, failed: 1 });
    const failedCell = (await store.listCells(run.id)).find((c) => c.status === 'failed');
    expect(failedCell?.samples).toHaveLength(REPEAT);
    expect(failedCell?.samples.filter((s) => s.errorText !== null)).toHaveLength(1);
    expect(failedCell?.errorText).toMatch(/^sample \d of 3: server 500/);

    calls.clear();
    const second = await execute(run.id);
    expect(second).toMatchObject({ completed: 1, failed: 0, alreadyDone: ROWS * MODELS.length - 1 });
    const { model } = callsPerCell();
    expect([...model.entries()]).toEqual([[`${run.models.find((m) => m.id === failedCell?.runModelId)?.model} ticket 4`, REPEAT]]);
    const cells = await store.listCells(run.id);
    expect(cells.every((c) => c.status === 'completed' && c.samples.length === REPEAT)).toBe(true);
  });
});
