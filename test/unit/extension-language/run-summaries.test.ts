import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSummaryCache } from '../../../src/extension/language/run-summaries';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import type { RunStatus } from '../../../src/core/model';

const repoMigrations = path.resolve(__dirname, '../../../supabase/migrations');
const repoShim = path.resolve(__dirname, '../../../supabase/local/00_supabase_shim.sql');

let root: string;
let store: LocalStore;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-lens-'));
  store = await openLocalStore({ dataDir: path.join(root, 'home'), migrationsDir: repoMigrations, shimFile: repoShim, seed: false });
});

afterAll(async () => {
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** A run of the prompt at `promptPath` with one cell. */
async function runOf(promptPath: string, status: RunStatus, latencyMs: number, pass: boolean): Promise<string> {
  const prompt = await store.upsertPrompt({ name: path.basename(promptPath), type: 'prompt', body: 'Hi', path: promptPath, contentHash: `h-${promptPath}` });
  const run = await store.createRun({
    promptId: prompt.id,
    datasetId: null,
    promptText: 'Hi',
    graderTexts: {},
    config: {},
    models: [{ provider: 'sim', model: 'echo', displayLabel: 'sim/echo', params: {} }],
  });
  await store.saveCells([
    {
      runModelId: run.models[0]!.id,
      datasetRowId: null,
      status: 'completed',
      outputText: 'billing',
      errorText: null,
      latencyMs,
      tokensIn: 1,
      tokensOut: 1,
      tokensCached: 0,
      costUsd: 0.001,
      gradeScore: pass ? 1 : 0,
      gradePass: pass,
      gradeReason: null,
      grades: [],
      attempts: 1,
      providerTiming: {},
      simulated: false,
      samples: [],
    },
  ]);
  await store.setRunStatus(run.id, status);
  return run.id;
}

describe('RunSummaryCache', () => {
  it('never touches the store before the first refresh', () => {
    let opened = 0;
    let changes = 0;
    const cache = new RunSummaryCache(() => { opened++; return Promise.resolve(store); }, () => changes++, (e) => { throw e; });
    expect(cache.get('prompts/triage.prompt')).toBeUndefined();
    expect(opened).toBe(0);
    expect(changes).toBe(0);
  });

  it('after a refresh, loads the latest run of the prompt at that path, once, then tells the lenses', async () => {
    await runOf('prompts/triage.prompt', 'completed', 300, true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const latest = await runOf('prompts/triage.prompt', 'cancelled', 410, false);
    let opened = 0;
    let changes = 0;
    const cache = new RunSummaryCache(() => { opened++; return Promise.resolve(store); }, () => changes++, (e) => { throw e; });
    cache.refresh();
    expect(changes).toBe(1);
    expect(cache.get('prompts/triage.prompt')).toBeUndefined();
    expect(cache.get('prompts/triage.prompt')).toBeUndefined();
    await cache.whenLoaded();
    expect(opened).toBe(1);
    expect(changes).toBe(2);
    expect(cache.get('prompts/triage.prompt')).toEqual({ runId: latest, text: 'last run (cancelled) on sim/echo: 0% passed · $0.0010 · p50 410 ms' });

    expect(cache.get('prompts/never-run.prompt')).toBeUndefined();
    await cache.whenLoaded();
    expect(cache.get('prompts/never-run.prompt')).toBeUndefined();
    expect(opened).toBe(2);
    expect(cache.get('prompts/never-run.prompt')).toBeUndefined();
    expect(opened).toBe(2);
  });

  it('a refresh drops what it knew, so a new run shows', async () => {
    const cache = new RunSummaryCache(() => Promise.resolve(store), () => undefined, (e) => { throw e; });
    cache.refresh();
    cache.get('prompts/new.prompt');
    await cache.whenLoaded();
    expect(cache.get('prompts/new.prompt')).toBeUndefined();
    const runId = await runOf('prompts/new.prompt', 'completed', 120, true);
    cache.refresh();
    cache.get('prompts/new.prompt');
    await cache.whenLoaded();
    expect(cache.get('prompts/new.prompt')?.runId).toBe(runId);
  });

  it('reports a store failure once and shows no summary', async () => {
    const errors: unknown[] = [];
    const cache = new RunSummaryCache(() => Promise.reject(new Error('store locked')), () => undefined, (e) => errors.push(e));
    cache.refresh();
    cache.get('prompts/triage.prompt');
    await cache.whenLoaded();
    expect(cache.get('prompts/triage.prompt')).toBeUndefined();
    await cache.whenLoaded();
    expect(errors).toHaveLength(1);
  });
});
