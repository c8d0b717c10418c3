import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { DEFAULT_PRICE_TABLE } from '../../../src/core/cost';
import { createScheduler } from '../../../src/core/executor';
import { compilePrompt, parsePrompt } from '../../../src/core/prompt';
import { createProviderRegistry } from '../../../src/core/providers';
import { executeRun, type RunPlan } from '../../../src/core/run';
import type { CellInput, CellMetrics, DatasetRowRecord, RunRecord, RunStatus } from '../../../src/core/model';
import type { Store } from '../../../src/core/ports/store';

const run: RunRecord = {
  id: 'run-1',
  promptId: null,
  datasetId: 'ds-1',
  status: 'pending',
  promptText: '',
  graderTexts: {},
  partialTexts: { prompt: {}, graders: {} },
  config: parseRunConfig({}),
  createdAt: '',
  updatedAt: '',
  models: [
    { id: 'rm-a', runId: 'run-1', provider: 'sim', model: 'a', displayLabel: 'sim/a', params: {} },
    { id: 'rm-b', runId: 'run-1', provider: 'sim', model: 'b', displayLabel: 'sim/b', params: {} },
  ],
};

const rows: DatasetRowRecord[] = Array.from({ length: 10 }, (_, i) => ({ id: `row-${i}`, datasetId: 'ds-1', rowIndex: i, data: { ticket: `t${i}` } }));

/** The part of a Store that executeRun uses, in memory; `failWrites` makes every save fail. */
function memoryStore(options: { failWrites?: boolean; done?: CellMetrics[] } = {}) {
  const saved: CellInput[] = [];
  const statuses: RunStatus[] = [];
  const store = {
    getDatasetRows: () => Promise.resolve(rows),
    listCellMetrics: () => Promise.resolve(options.done ?? []),
    setRunStatus: (_id: string, status: RunStatus) => {
      statuses.push(status);
      return Promise.resolve();
    },
    saveCells: (cells: CellInput[]) => {
      if (options.failWrites) return Promise.reject(new Error('disk full'));
      saved.push(...cells);
      return Promise.resolve();
    },
  };
  return { store: store as unknown as Store, saved, statuses };
}

async function plan(): Promise<RunPlan> {
  const prompt = parsePrompt('---\nmodel: sim/a\n---\n{{role "user"}}{{ticket}}\n', 'p.prompt');
  return { run, compiled: await compilePrompt(prompt), graders: [] };
}

function scheduler() {
  const registry = createProviderRegistry({});
  return createScheduler({ resolve: (id) => registry.resolve(id), concurrency: 4, timeoutMs: 1000, maxAttempts: 2 });
}

describe('executeRun', () => {
  it('saves one cell per row × model with output, tokens and cost, and marks the run completed', async () => {
    const { store, saved, statuses } = memoryStore();
    const outcome = await executeRun(await plan(), { store, scheduler: scheduler(), prices: DEFAULT_PRICE_TABLE });
    expect(outcome).toMatchObject({ status: 'completed', completed: 20, failed: 0, alreadyDone: 0 });
    expect(saved).toHaveLength(20);
    expect(new Set(saved.map((c) => `${c.runModelId}|${c.datasetRowId}`)).size).toBe(20);
    const cell = saved.find((c) => c.runModelId === 'rm-b' && c.datasetRowId === 'row-3');
    expect(cell).toMatchObject({ status: 'completed', outputText: 'echo: t3', costUsd: 0, simulated: true });
    expect(cell?.tokensIn).toBeGreaterThan(0);
    expect(statuses).toEqual(['running', 'completed']);
  });

  it('runs only the cells that are not completed yet', async () => {
    const done: CellMetrics[] = rows.slice(0, 4).map((r) => ({
      id: `c-${r.id}`, runModelId: 'rm-a', datasetRowId: r.id, status: 'completed', latencyMs: 1, costUsd: 0,
      gradeScore: null, gradePass: null, manualPass: null, manualScore: null, simulated: true,
    }));
    const { store, saved } = memoryStore({ done });
    const outcome = await executeRun(await plan(), { store, scheduler: scheduler(), prices: DEFAULT_PRICE_TABLE });
    expect(outcome).toMatchObject({ completed: 16, alreadyDone: 4 });
    expect(saved.filter((c) => c.runModelId === 'rm-a').map((c) => c.datasetRowId).sort()).toEqual(rows.slice(4).map((r) => r.id).sort());
  });

  it('marks the run failed (never left running) and reports it when cells cannot be saved', async () => {
    const { store, statuses } = memoryStore({ failWrites: true });
    await expect(
      executeRun(await plan(), { store, scheduler: scheduler(), prices: DEFAULT_PRICE_TABLE, writer: { maxWriteAttempts: 1 } }),
    ).rejects.toThrow(/could not save .* disk full/);
    expect(statuses.at(-1)).toBe('failed');
  });
});
