import fs from 'node:fs';
import { RUN_RETRIES } from '../../../src/core/run/run-limits';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE } from '../../../src/core/cost';
import { createScheduler } from '../../../src/core/executor';
import { createProviderRegistry, type ProviderRegistry } from '../../../src/core/providers';
import { executeRun, planResume, type RunEvent } from '../../../src/core/run';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import type { RunRecord } from '../../../src/core/model';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';
import { batchesOf } from '../store/cells';

// A run with one model the provider has retired and one it serves, through the real SDKs against
// the fake server and the real local store: the served model's cells all complete; the retired
// model's all fail with one message, after no more requests than the run has in flight at once.

const ROWS = 40;
const CONCURRENCY = 4;
const PROMPT = '---\nmodel: sim/echo\n---\n{{role "user"}}{{ticket}}\n';
const GRADER = '---\nrefinery.kind: grader\n---\n{{role "user"}}Grade: {{output}}\n';

let root: string;
let store: LocalStore;
let server: FakeServer | undefined;
let registry: ProviderRegistry | undefined;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-retired-'));
  store = await openLocalStore({ dataDir: path.join(root, 'home'), seed: false });
});

afterAll(async () => {
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
});

afterEach(async () => {
  await registry?.close();
  await server?.close();
});

/** Requests per model the fake server received, and a server that answers `retired` as the providers do. */
async function serve(retired: string[]): Promise<Map<string, number>> {
  const requests = new Map<string, number>();
  server = await startFakeServer({
    latencyMs: 5,
    retiredModels: retired,
    onRequest: ({ body }) => requests.set(body.model, (requests.get(body.model) ?? 0) + 1),
    respond: (body) => {
      const last = body.messages.at(-1)?.content ?? '';
      return last.startsWith('Grade: ') ? JSON.stringify({ score: 1, pass: true, reason: 'fine' }) : `echo: ${last}`;
    },
  });
  registry = createProviderRegistry({ env: { GROQ_API_KEY: 'k', GROQ_BASE_URL: server.url, CEREBRAS_API_KEY: 'k', CEREBRAS_BASE_URL: server.url } });
  return requests;
}

async function newRun(models: Array<{ provider: string; model: string }>, judge?: string): Promise<RunRecord> {
  const tickets = Array.from({ length: ROWS }, (_, i) => ({ ticket: `ticket ${i}` }));
  const dataset = await store.createDataset({ name: 'tickets', filePath: 'tickets.csv', columns: ['ticket'] }, batchesOf([tickets]));
  return store.createRun({
    promptId: null,
    datasetId: dataset.id,
    promptText: PROMPT,
    graderTexts: judge ? { 'g.prompt': GRADER } : {},
    config: { promptPath: 'p.prompt', ...(judge ? { graders: [{ ref: 'g.prompt', judge }] } : {}) },
    models: models.map(({ provider, model }) => ({ provider, model, displayLabel: `${provider}/${model}`, params: {} })),
  });
}

async function execute(run: RunRecord, events: RunEvent[]) {
  const scheduler = createScheduler({ resolve: (id) => (registry as ProviderRegistry).resolve(id), concurrency: CONCURRENCY, timeoutMs: 5000, ...RUN_RETRIES });
  return executeRun(await planResume(store, run.id), { store, scheduler, prices: DEFAULT_PRICE_TABLE, onEvent: (e) => events.push(e), writer: { flushIntervalMs: 5 } });
}

describe('a run with a model its provider no longer serves', () => {
  it.each([
    { provider: 'groq', retired: 'llama-3.3-70b-versatile', served: { provider: 'groq', model: 'openai/gpt-oss-20b' }, answer: /groq has retired it \(400 model_decommissioned: The model `llama-3\.3-70b-versatile` has been decommissioned/ },
    { provider: 'cerebras', retired: 'llama3.1-8b', served: { provider: 'groq', model: 'openai/gpt-oss-20b' }, answer: /cerebras does not serve it \(404 model_not_found: Model llama3\.1-8b does not exist/ },
  ])('$provider: fails every cell of the retired model with one message at once, and completes the other model', async ({ provider, retired, served, answer }) => {
    const requests = await serve([retired]);
    const run = await newRun([{ provider, model: retired }, served]);
    const events: RunEvent[] = [];

    const outcome = await execute(run, events);

    expect(outcome).toMatchObject({ status: 'completed', completed: ROWS, failed: ROWS, cancelled: 0 });
    const cells = await store.listCells(run.id);
    const retiredId = run.models.find((m) => m.model === retired)?.id;
    const retiredCells = cells.filter((c) => c.runModelId === retiredId);
    const servedCells = cells.filter((c) => c.runModelId !== retiredId);
    expect(servedCells).toHaveLength(ROWS);
    expect(servedCells.every((c) => c.status === 'completed' && c.outputText?.startsWith('echo: ticket'))).toBe(true);
    expect(retiredCells).toHaveLength(ROWS);
    expect(retiredCells.every((c) => c.status === 'failed')).toBe(true);

    const messages = new Set(retiredCells.map((c) => c.errorText));
    expect(messages.size).toBe(1);
    const [message] = [...messages];
    expect(message).toMatch(new RegExp(`^model_unavailable \\d+: ${provider}/${retired.replace(/\./g, '\\.')} is not available: `));
    expect(message).toMatch(answer);
    expect(message).toContain(`Fix: pick a model ${provider} serves today (list them with \`refinery models --provider ${provider}\`)`);

    expect(requests.get(retired) ?? 0).toBeGreaterThan(0);
    expect(requests.get(retired) ?? 0).toBeLessThanOrEqual(CONCURRENCY);
    expect(requests.get(served.model)).toBe(ROWS);
    const stopped = events.filter((e) => e.type === 'model-stopped');
    expect(stopped).toEqual([{ type: 'model-stopped', modelId: `${provider}/${retired}`, message: message?.replace(/^model_unavailable \d+: /, '') }]);
  });

  it('stops a retired judge at once: every cell completes, ungraded with the reason, after few judge requests', async () => {
    const requests = await serve(['llama-3.3-70b-versatile']);
    const run = await newRun([{ provider: 'groq', model: 'openai/gpt-oss-20b' }], 'groq/llama-3.3-70b-versatile');
    const events: RunEvent[] = [];

    const outcome = await execute(run, events);

    expect(outcome).toMatchObject({ status: 'completed', completed: ROWS, failed: 0 });
    const cells = await store.listCells(run.id);
    expect(cells).toHaveLength(ROWS);
    for (const cell of cells) {
      expect(cell.status).toBe('completed');
      expect(cell.grades[0]).toMatchObject({ state: 'ungraded', costUsd: 0 });
      expect(cell.grades[0]?.reason).toMatch(/^grader call failed \(model_unavailable\): groq\/llama-3\.3-70b-versatile is not available: groq has retired it/);
    }
    expect(requests.get('llama-3.3-70b-versatile') ?? 0).toBeLessThanOrEqual(CONCURRENCY);
    expect(events.filter((e) => e.type === 'model-stopped').map((e) => e.type === 'model-stopped' && e.modelId)).toEqual(['groq/llama-3.3-70b-versatile']);
  });
});
