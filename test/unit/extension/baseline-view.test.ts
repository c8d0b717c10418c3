// The grid's comparison with a baseline: one mark per cell of this run (by grid key), deltas per model of this run.
import { describe, expect, it } from 'vitest';
import { buildBaselineView } from '../../../src/extension/results/baseline-view';
import { cellIdOf } from '../../../src/core/model/cell-id';
import { cellRecord, rowsOf, runRecord } from '../compare/fixtures';

const base = runRecord('B', ['sim/a', 'sim/b']);
const cur = runRecord('C', ['sim/a', 'sim/c']);
const baseline = {
  run: base,
  rows: rowsOf('B', 3),
  cells: [
    cellRecord('B', 'sim/a', 0, { gradePass: true, gradeScore: 1, costUsd: 0.002, latencyMs: 100 }),
    cellRecord('B', 'sim/a', 1, { gradePass: false, gradeScore: 0, costUsd: 0.002, latencyMs: 200 }),
    cellRecord('B', 'sim/a', 2, { gradePass: true, gradeScore: 1, costUsd: 0.002, latencyMs: 300 }),
    cellRecord('B', 'sim/b', 0, { gradePass: true }),
  ],
};
const current = {
  run: cur,
  rows: rowsOf('C', 3),
  cells: [
    // a person failed it: the manual grade decides (regressed) although the grader passed it
    cellRecord('C', 'sim/a', 0, { gradePass: true, gradeScore: 1, manualPass: false, manualScore: 0, costUsd: 0.001, latencyMs: 50 }),
    cellRecord('C', 'sim/a', 1, { gradePass: true, gradeScore: 1, costUsd: 0.001, latencyMs: 150 }),
    cellRecord('C', 'sim/a', 2, { gradePass: true, gradeScore: 1, costUsd: 0.001, latencyMs: 250 }),
    cellRecord('C', 'sim/c', 0, { gradePass: true }),
  ],
};

describe('buildBaselineView', () => {
  const view = buildBaselineView(current, baseline, 'triage · earlier');

  it('marks every cell of this run by its grid key and leaves out the cells only the baseline has', () => {
    expect(view.runId).toBe('B');
    expect(view.label).toBe('triage · earlier');
    expect(view.marks).toEqual([
      { cellId: cellIdOf('C-sim/a', 'C-row-0'), change: 'regressed', reason: 'pass → fail' },
      { cellId: cellIdOf('C-sim/a', 'C-row-1'), change: 'improved', reason: 'fail → pass' },
      { cellId: cellIdOf('C-sim/a', 'C-row-2'), change: 'unchanged', reason: 'same output and grade' },
      { cellId: cellIdOf('C-sim/c', 'C-row-0'), change: 'new', reason: 'not in the baseline run' },
    ]);
  });

  it('gives the deltas of this run\'s models (current − baseline), by run model id', () => {
    expect(view.models.map(({ significance: _significance, ...model }) => model)).toEqual([
      {
        runModelId: 'C-sim/a',
        // automatic pass rate 3/3 vs 2/3; mean score 1 vs 2/3; cost 0.003 vs 0.006; p50 150 vs 200 ms
        deltas: { passRate: expect.closeTo(1 / 3, 10) as number, meanScore: expect.closeTo(1 / 3, 10) as number, costUsd: -0.003, p50LatencyMs: -50 },
        counts: { improved: 1, regressed: 1, changed: 0, unchanged: 1 },
        inBaseline: true,
      },
      { runModelId: 'C-sim/c', deltas: { passRate: null, meanScore: null, costUsd: null, p50LatencyMs: null }, counts: { improved: 0, regressed: 0, changed: 0, unchanged: 0 }, inBaseline: false },
    ]);
  });

  it('carries each model\'s paired tests in words, and says a model only this run has is not tested', () => {
    const [a, c] = view.models;
    // one row improved, one regressed: McNemar exact p = 1; nothing to call
    expect(a?.significance).toMatchObject({ verdict: 'no-difference', flipped: 'improved rows 1; regressed rows 0', passFail: { pValue: 1, adjustedP: 1 } });
    expect(a?.significance?.passFail?.sentence).toMatch(/^±0\.0 points \[-\d+\.\d, \+\d+\.\d\], p = 1 — not significant at 0\.05 \(1 improved, 1 regressed\)$/);
    expect(c?.significance).toEqual({ verdict: 'untested', passFail: null, score: null, flipped: null });
    expect(view.tests).toEqual({ alpha: 0.05, tested: 1, preamble: 'each model is tested on the rows both sides have (a paired test)' });
  });
});
