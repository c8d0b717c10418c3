// One run, three surfaces: the grid header (real Chromium, from the built bundle), the Runs view's
// line and tooltip, and the CLI's summary table print the same counts with the same rounding.
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../src/core/model/run-config';
import { formatSummaryTable } from '../../src/shared/stats/format-table';
import { modelSummaries } from '../../src/cli/summary';
import { runCountsText, runSummaryText } from '../../src/extension/runs/run-summary-text';
import type { CellView } from '../../src/shared/protocol';
import type { CellMetrics, RunRecord } from '../../src/core/model';
import { useWebviewSession } from './support/webview-session';
import { MODELS, makeCell, makeInit } from './support/results-fixture';

const { open } = useWebviewSession();

const model = MODELS[0]!;
const ROWS = 12;
/** 2 of 3 rounds to 67 (not 66); 6 passed, 2 failed, 1 ungraded, 0 errored… then 1 errored, 2 never ran. */
const CELLS: CellView[] = [
  ...[0, 1, 2, 3, 4, 5].map((r) => makeCell(r, model, { gradePass: true, gradeScore: 1, latencyMs: 100 * (r + 1), costUsd: 0.0003 })),
  ...[6, 7].map((r) => makeCell(r, model, { gradePass: false, gradeScore: 0, latencyMs: 700 + r, costUsd: 0.0003 })),
  makeCell(8, model, { gradePass: null, gradeScore: null, gradeState: 'ungraded', latencyMs: 900, costUsd: 0.0003 }),
  makeCell(9, model, { status: 'failed', output: null, error: 'server 500', gradePass: null, gradeScore: null, gradeState: 'none', latencyMs: null, costUsd: null, tokensIn: null, tokensOut: null }),
];

const run: RunRecord = {
  id: 'run-1',
  promptId: 'p-1',
  datasetId: 'd-1',
  status: 'cancelled',
  promptText: '',
  graderTexts: { 'graders/correct_label.prompt': '' },
  partialTexts: { prompt: {}, graders: {} },
  config: parseRunConfig({}),
  createdAt: '2026-11-26T01:00:00.000Z',
  updatedAt: '2026-11-26T01:00:00.000Z',
  models: [{ id: model.runModelId, runId: 'run-1', provider: model.provider, model: model.model, displayLabel: model.label, params: {} }],
};

const metrics: CellMetrics[] = CELLS.map((c) => ({
  id: c.id,
  runModelId: c.runModelId,
  datasetRowId: c.datasetRowId,
  status: c.status,
  latencyMs: c.latencyMs,
  costUsd: c.costUsd,
  gradeScore: c.gradeScore,
  gradePass: c.gradePass,
  manualPass: c.manualPass,
  manualScore: c.manualScore,
  simulated: c.simulated,
}));

describe('one vocabulary, one rounding rule', () => {
  it('the grid header, the Runs view and the CLI summary agree on a cancelled, graded run', async () => {
    const v = await open();
    await v.send(makeInit(ROWS, { cells: CELLS, models: [model], run: { status: 'cancelled' } }));
    const header = v.page.locator('.model-header').first();
    await header.getByTestId('pass-rate').waitFor();
    const grid = {
      passRate: (await header.getByTestId('pass-rate').innerText()).replace(/\s+/g, ' ').trim(),
      ungraded: (await header.getByTestId('ungraded').innerText()).replace(/\s+/g, ' ').trim(),
      errored: (await header.getByTestId('errored').innerText()).replace(/\s+/g, ' ').trim(),
      cost: (await header.locator('.stat', { hasText: /^cost/ }).innerText()).replace(/^cost\s+/, '').trim(),
      p50: (await header.locator('.stat', { hasText: /^p50/ }).innerText()).match(/^p50\s+(.+?)\s+p95/)?.[1],
      notRun: (await v.page.getByTestId('not-run').innerText()).trim(),
    };
    expect(grid).toEqual({ passRate: 'passed 60% 6/10', ungraded: 'ungraded 1', errored: 'errored 1', cost: '$0.0027', p50: '500 ms', notRun: '· 2 not run' });

    const runsLine = runSummaryText(run, metrics, { expectedCells: ROWS });
    expect(runsLine).toBe(`60% passed · 1 ungraded · 1 errored · 2 not run · ${grid.cost} · p50 ${grid.p50}`);
    expect(runCountsText(run, metrics, { expectedCells: ROWS })).toBe('12 cells: 6 passed, 2 failed, 1 ungraded, 1 errored, 2 not run');

    const [head, , line] = formatSummaryTable(modelSummaries(run, metrics, undefined, ROWS)).split('\n');
    const columns = (head ?? '').trim().split(/\s{2,}/);
    const values = (line ?? '').trim().split(/\s{2,}/);
    const cli = Object.fromEntries(columns.map((title, i) => [title, values[i]]));
    expect(cli).toMatchObject({ 'pass rate': '60% (6/10)', ungraded: '1', cost: grid.cost, p50: grid.p50, errored: '1', 'not run': '2' });
  });

  it('rounds 2 of 3 to 67% and 199 of 200 to 99% everywhere', async () => {
    const v = await open();
    const rows = 200;
    const cells = Array.from({ length: rows }, (_, r) => makeCell(r, model, { gradePass: r !== 0, gradeScore: r !== 0 ? 1 : 0, costUsd: 0.0001, latencyMs: 100 }));
    await v.send(makeInit(rows, { cells, models: [model] }));
    const passRate = v.page.locator('.model-header').first().getByTestId('pass-rate');
    await passRate.waitFor();
    expect((await passRate.innerText()).replace(/\s+/g, ' ').trim()).toBe('passed 99% 199/200');
    const asMetrics = cells.map((c) => ({ ...metrics[0]!, id: c.id, gradePass: c.gradePass, gradeScore: c.gradeScore, costUsd: c.costUsd, latencyMs: c.latencyMs }));
    expect(runSummaryText(run, asMetrics, { expectedCells: rows })).toMatch(/^99% passed · /);
    expect(formatSummaryTable(modelSummaries(run, asMetrics, undefined, rows))).toContain('99% (199/200)');
    expect(runSummaryText(run, asMetrics.slice(0, 3).map((c, i) => ({ ...c, gradePass: i !== 0 })))).toMatch(/^67% passed/);
  });
});
