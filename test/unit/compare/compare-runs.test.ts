import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { compareRuns, formatComparison } from '../../../src/core/compare';
import { cellRecord, rowsOf, runRecord } from './fixtures';

// Baseline B ran sim/a and sim/b on rows 0–3; current C ran sim/a and sim/c on rows 0–3.
const base = runRecord('B', ['sim/a', 'sim/b']);
const cur = runRecord('C', ['sim/a', 'sim/c']);
const baseline = {
  run: base,
  rows: rowsOf('B', 4),
  cells: [
    cellRecord('B', 'sim/a', 0, { gradePass: true, gradeScore: 1, costUsd: 0.002, latencyMs: 100 }),
    cellRecord('B', 'sim/a', 1, { gradePass: false, gradeScore: 0, costUsd: 0.002, latencyMs: 200 }),
    cellRecord('B', 'sim/a', 2, { gradePass: true, gradeScore: 0.8, costUsd: 0.002, latencyMs: 300 }),
    cellRecord('B', 'sim/a', 3, { gradePass: true, gradeScore: 1, costUsd: 0.002, latencyMs: 400, outputText: 'x' }),
    cellRecord('B', 'sim/b', 0, { gradePass: true, gradeScore: 1 }),
  ],
};
const current = {
  run: cur,
  rows: rowsOf('C', 4),
  cells: [
    cellRecord('C', 'sim/a', 0, { gradePass: false, gradeScore: 0.2, costUsd: 0.001, latencyMs: 50 }), // regressed
    cellRecord('C', 'sim/a', 1, { gradePass: true, gradeScore: 1, costUsd: 0.001, latencyMs: 150 }), // improved
    cellRecord('C', 'sim/a', 2, { gradePass: true, gradeScore: 0.8, costUsd: 0.001, latencyMs: 250 }), // unchanged
    cellRecord('C', 'sim/a', 3, { gradePass: true, gradeScore: 1, costUsd: 0.001, latencyMs: 350, outputText: 'y' }), // changed
    cellRecord('C', 'sim/c', 0, { gradePass: true, gradeScore: 1 }), // new
  ],
};

describe('compareRuns', () => {
  const comparison = compareRuns(current, baseline);

  it('matches cells by model and row index and classifies each', () => {
    expect(comparison.cells.map((c) => [c.modelId, c.rowIndex, c.change])).toEqual([
      ['sim/a', 0, 'regressed'],
      ['sim/a', 1, 'improved'],
      ['sim/a', 2, 'unchanged'],
      ['sim/a', 3, 'changed'],
      ['sim/c', 0, 'new'],
      ['sim/b', 0, 'missing'],
    ]);
    expect(comparison.regressions).toBe(1);
  });

  it('gives per-model deltas, hand-computed', () => {
    const a = comparison.models.find((m) => m.modelId === 'sim/a');
    // pass rate 3/4 → 3/4: 0; mean score (1+0+0.8+1)/4 = 0.7 → (0.2+1+0.8+1)/4 = 0.75: +0.05
    // cost 0.008 → 0.004: −0.004; p50 (nearest rank 2 of 4) 200 → 150: −50
    expect(a?.deltas).toEqual({ passRate: 0, meanScore: 0.05, costUsd: -0.004, p50LatencyMs: -50 });
    expect(a?.counts).toEqual({ improved: 1, regressed: 1, changed: 1, unchanged: 1, new: 0, missing: 0 });
    const b = comparison.models.find((m) => m.modelId === 'sim/b');
    expect(b).toMatchObject({ current: null, deltas: { passRate: null, meanScore: null, costUsd: null, p50LatencyMs: null }, counts: { missing: 1 } });
    expect(comparison.models.map((m) => m.modelId)).toEqual(['sim/a', 'sim/c', 'sim/b']);
  });

  it('formats a table with the deltas and lists the regressed cells', () => {
    const text = formatComparison(comparison);
    expect(text).toContain('run C vs baseline B');
    const lineA = text.split('\n').find((l) => l.startsWith('sim/a'));
    expect(lineA).toMatch(/75% → 75% \(±0 pts\)\s+0\.70 → 0\.75 \(\+0\.05\)\s+\$0\.0080 → \$0\.0040 \(-\$0\.0040\)\s+200 ms → 150 ms \(-50 ms\)\s+1\s+1\s+1\s+1\s+0\s+0$/);
    expect(text).toContain('regressed cells (1):\n  row 0  sim/a  pass → fail');
  });
});

describe('compareRuns with a judge that broke', () => {
  it('pass → ungraded regresses, the pass rate counts ungraded cells as not passed, and both runs are flagged as checked', () => {
    const judged = { ...runRecord('J', ['sim/a']), graderTexts: { 'judge.prompt': '---\n---\njudge' } };
    const before = { run: judged, rows: rowsOf('J', 2), cells: [0, 1].map((i) => cellRecord('J', 'sim/a', i, { gradePass: true, gradeScore: 1 })) };
    const broken = { ...runRecord('K', ['sim/a']), graderTexts: { 'judge.prompt': '---\n---\njudge' } };
    const after = { run: broken, rows: rowsOf('K', 2), cells: [0, 1].map((i) => cellRecord('K', 'sim/a', i)) };
    const comparison = compareRuns(after, before);
    expect(comparison.checks).toEqual({ current: true, baseline: true });
    expect(comparison.cells.map((c) => [c.change, c.reason])).toEqual([
      ['regressed', 'pass → ungraded'],
      ['regressed', 'pass → ungraded'],
    ]);
    expect(comparison.models[0]?.current).toMatchObject({ passed: 0, ungraded: 2, passRate: 0 });
    expect(comparison.models[0]?.deltas.passRate).toBe(-1);
  });

  it('a run without graders or assertions is flagged unchecked (compare --fail-on-regression refuses it)', () => {
    const plain = { run: { ...runRecord('P', ['sim/a']), config: parseRunConfig({ assertions: [] }) }, rows: rowsOf('P', 1), cells: [cellRecord('P', 'sim/a', 0)] };
    expect(compareRuns(plain, plain).checks).toEqual({ current: false, baseline: false });
  });
});
