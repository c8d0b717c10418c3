import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { DEFAULT_PRICE_TABLE, mergePriceTables } from '../../../src/core/cost';
import { createScheduler } from '../../../src/core/executor';
import { compilePrompt, parsePrompt } from '../../../src/core/prompt';
import { createProviderRegistry } from '../../../src/core/providers';
import { estimateCells, executeRun, rerunScope, type RunPlan } from '../../../src/core/run';
import type { RunEstimate } from '../../../src/core/run/estimate-run';
import { rerunQuestion } from '../../../src/extension/runs/rerun-question';
import type { CellInput, CellMetrics, DatasetRowRecord, RunRecord } from '../../../src/core/model';
import type { Store } from '../../../src/core/ports/store';

const run: RunRecord = {
  id: 'run-1',
  promptId: null,
  datasetId: 'ds-1',
  status: 'cancelled',
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
const rows: DatasetRowRecord[] = Array.from({ length: 5 }, (_, i) => ({ id: `row-${i}`, datasetId: 'ds-1', rowIndex: i, data: { ticket: `ticket ${i}` } }));

/** A cancelled run with a check: model a ran rows 0–3 (0 passed, 1 failed, 2 errored, 3 ungraded), model b only row 0 (passed). */
const stored: CellMetrics[] = [
  cell('rm-a', 'row-0', { gradePass: true }),
  cell('rm-a', 'row-1', { gradePass: false }),
  cell('rm-a', 'row-2', { status: 'failed' }),
  cell('rm-a', 'row-3', {}),
  cell('rm-b', 'row-0', { gradePass: true }),
];

function cell(runModelId: string, datasetRowId: string, overrides: Partial<CellMetrics>): CellMetrics {
  return { id: `${runModelId}|${datasetRowId}`, runModelId, datasetRowId, status: 'completed', latencyMs: 1, costUsd: 0, gradeScore: null, gradePass: null, manualPass: null, manualScore: null, simulated: true, ...overrides };
}

async function plan(): Promise<RunPlan> {
  const prompt = parsePrompt('---\nmodel: sim/a\nconfig: { maxOutputTokens: 100 }\nrefinery.assert:\n  - contains: "ticket"\n---\n{{role "user"}}{{ticket}}\n', 'p.prompt');
  return { run, compiled: await compilePrompt(prompt), graders: [] };
}

describe('rerunScope', () => {
  it('runs again the errored, failed and ungraded cells, and counts apart the cells that never ran', async () => {
    const scope = rerunScope(await plan(), rows, stored);
    expect(scope.again).toEqual([
      { runModelId: 'rm-a', datasetRowId: 'row-1' },
      { runModelId: 'rm-a', datasetRowId: 'row-2' },
      { runModelId: 'rm-a', datasetRowId: 'row-3' },
    ]);
    expect([scope.errored, scope.failed, scope.ungraded]).toEqual([1, 1, 1]);
    expect(scope.notRun).toHaveLength(10 - stored.length);
    expect(scope.notRun).toContainEqual({ runModelId: 'rm-b', datasetRowId: 'row-4' });
  });
});

describe('executeRun with onlyStoredCells (Re-run failed without the cells that never ran)', () => {
  it('runs exactly the cells rerunScope names, and leaves the never-run ones alone', async () => {
    const saved: CellInput[] = [];
    const store = {
      getDatasetRows: () => Promise.resolve(rows),
      listCellMetrics: () => Promise.resolve(stored),
      setRunStatus: () => Promise.resolve(),
      saveCells: (cells: CellInput[]) => {
        saved.push(...cells);
        return Promise.resolve();
      },
    } as unknown as Store;
    const registry = createProviderRegistry({});
    const scheduler = createScheduler({ resolve: (id) => registry.resolve(id), concurrency: 2, timeoutMs: 1000, maxAttempts: 1 });
    const thePlan = await plan();
    await executeRun(thePlan, { store, scheduler, prices: DEFAULT_PRICE_TABLE, rerunFailedGrades: true, onlyStoredCells: true });
    const ran = saved.map((c) => ({ runModelId: c.runModelId, datasetRowId: c.datasetRowId })).sort((x, y) => x.datasetRowId!.localeCompare(y.datasetRowId!));
    expect(ran).toEqual(rerunScope(thePlan, rows, stored).again);
  });
});

describe('estimateCells', () => {
  it('counts only the given cells, one call each at maxOutputTokens, at the model’s price', async () => {
    const prices = mergePriceTables(DEFAULT_PRICE_TABLE, { 'sim/a': { inputPerMillion: 1, outputPerMillion: 2 } });
    const thePlan = await plan();
    const scope = rerunScope(thePlan, rows, stored);
    const again = await estimateCells(thePlan, rows, scope.again, prices);
    expect(again.models).toHaveLength(1);
    expect(again.models[0]).toMatchObject({ modelId: 'sim/a', calls: 3, outputTokens: 300 });
    expect(again.totalUsd).toBeGreaterThan(0);
    const notRun = await estimateCells(thePlan, rows, scope.notRun, prices);
    expect(notRun.models.map((m) => [m.modelId, m.calls])).toEqual([['sim/a', 1], ['sim/b', 4]]);
    expect(notRun.models.find((m) => m.modelId === 'sim/b')?.costUsd).toBe(0); // sim/* is free
  });
});

const estimate = (totalUsd: number, calls: number): RunEstimate => ({
  models: [{ modelId: 'groq/openai/gpt-oss-20b', calls, inputTokens: calls * 50, outputTokens: calls * 100, costUsd: totalUsd, encoding: 'o200k_base' }],
  graders: [],
  totalUsd,
  unpriced: [],
  method: 'tokenizer',
});

describe('rerunQuestion', () => {
  const scope = (again: number, notRun: number) => ({
    again: Array.from({ length: again }, (_, i) => ({ runModelId: 'm', datasetRowId: `r${i}` })),
    errored: again > 0 ? 1 : 0,
    failed: Math.max(0, again - 1),
    ungraded: 0,
    notRun: Array.from({ length: notRun }, (_, i) => ({ runModelId: 'm', datasetRowId: `n${i}` })),
  });

  it('with cells that never ran, always asks, each answer with what it runs', () => {
    const question = rerunQuestion('triage', scope(3, 149), estimate(0.002, 3), estimate(0.09, 149), 0.5);
    expect(question.kind).toBe('ask');
    if (question.kind !== 'ask') return;
    expect(question.message).toBe(
      'Refinery: re-run the 3 cells of triage that did not pass (1 errored, 2 failed)? It will cost up to about $0.0020 (3 calls, ~150 input + ≤300 output tokens). 149 cells never ran (the run was cancelled or stopped before them): they stay not run unless you choose to run them too.',
    );
    expect(question.answers).toEqual([
      { label: 'Re-run 3 Cells', choice: 'again' },
      { label: 'Re-run 3 + Run 149 Not Run', choice: 'again-and-not-run' },
    ]);
    expect(question.detail).toContain('Also running the 149 cells that never ran: up to about $0.0900');
  });

  it('without cells that never ran, asks only above the cost threshold, as a new run does', () => {
    expect(rerunQuestion('triage', scope(3, 0), estimate(0.002, 3), estimate(0, 0), 0.5)).toEqual({ kind: 'run', choice: 'again' });
    const asked = rerunQuestion('triage', scope(3, 0), estimate(0.6, 3), estimate(0, 0), 0.5);
    expect(asked.kind === 'ask' && asked.message).toBe(
      'Refinery: re-running 3 cells of triage (1 errored, 2 failed) will cost up to about $0.6000 (3 calls, ~150 input + ≤300 output tokens). Re-run them?',
    );
  });

  it('says when there is nothing to re-run, and offers the never-run cells alone', () => {
    expect(rerunQuestion('triage', scope(0, 0), estimate(0, 0), estimate(0, 0), 0.5).kind).toBe('nothing');
    const onlyNotRun = rerunQuestion('triage', scope(0, 5), estimate(0, 0), estimate(0.01, 5), 0.5);
    expect(onlyNotRun.kind === 'ask' && onlyNotRun.answers).toEqual([{ label: 'Run 5 Cells Not Run', choice: 'again-and-not-run' }]);
  });
});
