import { expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { DEFAULT_PRICE_TABLE } from '../../../src/core/cost';
import { createScheduler } from '../../../src/core/executor';
import { compilePrompt, parsePrompt } from '../../../src/core/prompt';
import { createProviderRegistry } from '../../../src/core/providers';
import { executeRun } from '../../../src/core/run';
import type { CellInput, DatasetRowRecord, RunRecord } from '../../../src/core/model';
import type { Store } from '../../../src/core/ports/store';

const run: RunRecord = {
  id: 'run-1', promptId: null, datasetId: 'ds-1', status: 'pending', promptText: '', graderTexts: {}, partialTexts: { prompt: {}, graders: {} }, config: parseRunConfig({}), createdAt: '', updatedAt: '',
  models: [{ id: 'rm-a', runId: 'run-1', provider: 'sim', model: 'a', displayLabel: 'sim/a', params: {} }],
};
const rows: DatasetRowRecord[] = Array.from({ length: 4 }, (_, i) => ({
  id: `row-${i}`, datasetId: 'ds-1', rowIndex: i, data: { ticket: `t${i}`, expected: i < 2 ? `echo: t${i}` : 'other' },
}));

it('checks the assertions after each cell and stores them as assert:* grades counted in the pass', async () => {
  const saved: CellInput[] = [];
  const store = {
    getDatasetRows: () => Promise.resolve(rows),
    listCellMetrics: () => Promise.resolve([]),
    setRunStatus: () => Promise.resolve(),
    saveCells: (cells: CellInput[]) => {
      saved.push(...cells);
      return Promise.resolve();
    },
  } as unknown as Store;
  const prompt = parsePrompt(
    '---\nmodel: sim/a\nrefinery.assert:\n  - equals: { column: expected }\n  - latency-under: 60000\n---\n{{role "user"}}{{ticket}}\n',
    'p.prompt',
  );
  const registry = createProviderRegistry({});
  const scheduler = createScheduler({ resolve: (id) => registry.resolve(id), concurrency: 2, timeoutMs: 1000, maxAttempts: 1 });
  await executeRun({ run, compiled: await compilePrompt(prompt), graders: [] }, { store, scheduler, prices: DEFAULT_PRICE_TABLE });

  const byRow = new Map(saved.map((c) => [c.datasetRowId, c]));
  expect(byRow.size).toBe(4);
  const passing = byRow.get('row-1');
  expect(passing).toMatchObject({ gradePass: true, gradeScore: null, gradeReason: '2 assertions passed' });
  expect(passing?.grades.map((g) => [g.grader, g.pass])).toEqual([['assert:equals', true], ['assert:latency-under', true]]);
  const failing = byRow.get('row-3');
  expect(failing).toMatchObject({ gradePass: false, gradeReason: 'assert:equals: output "echo: t3" does not equal "other"' });
  expect([...byRow.values()].map((c) => c.gradePass)).toEqual(rows.map((r) => r.rowIndex < 2));
});

it('a grader without a verdict leaves the cell ungraded even when every assertion passes; a failing assertion still fails it', async () => {
  const saved: CellInput[] = [];
  const store = {
    getDatasetRows: () => Promise.resolve(rows),
    listCellMetrics: () => Promise.resolve([]),
    setRunStatus: () => Promise.resolve(),
    saveCells: (cells: CellInput[]) => {
      saved.push(...cells);
      return Promise.resolve();
    },
  } as unknown as Store;
  const prompt = parsePrompt('---\nmodel: sim/a\nrefinery.assert:\n  - equals: { column: expected }\n---\n{{role "user"}}{{ticket}}\n', 'p.prompt');
  // The judge is the offline echo model: it answers "echo: …", which holds no verdict.
  const grader = parsePrompt('---\nmodel: sim/echo\nrefinery.kind: grader\n---\n{{role "user"}}Grade {{output}}\n', 'judge.prompt');
  const registry = createProviderRegistry({});
  const scheduler = createScheduler({ resolve: (id) => registry.resolve(id), concurrency: 2, timeoutMs: 1000, maxAttempts: 1 });
  const graders = [{ ref: 'judge.prompt', compiled: await compilePrompt(grader), judge: 'sim/echo' }];
  await executeRun({ run, compiled: await compilePrompt(prompt), graders }, { store, scheduler, prices: DEFAULT_PRICE_TABLE });

  const byRow = new Map(saved.map((c) => [c.datasetRowId, c]));
  expect(byRow.get('row-1')?.grades.map((g) => [g.grader, g.state, g.pass])).toEqual([['judge.prompt', 'ungraded', null], ['assert:equals', 'graded', true]]);
  expect(rows.map((r) => byRow.get(r.id)?.gradePass)).toEqual([null, null, false, false]);
});
