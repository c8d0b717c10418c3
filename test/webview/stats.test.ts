// The grid header's aggregates, kept incrementally, agree with the CLI's summary of the same cells.
import { describe, expect, it } from 'vitest';
import { summarizeCells } from '../../src/core/stats';
import { ModelStatsAccumulator, SortedMultiset, type StatsCell } from '../../webview-ui/src/stats';
import { createPrng } from '../fake-server/prng';

const cell = (overrides: Partial<StatsCell> = {}): StatsCell => ({
  status: 'completed',
  latencyMs: 100,
  costUsd: 0.001,
  gradeScore: 1,
  gradePass: true,
  manualPass: null,
  ...overrides,
});

function randomCell(random: () => number): StatsCell {
  const failed = random() < 0.1;
  const graded = random() < 0.8;
  return {
    status: failed ? 'failed' : 'completed',
    latencyMs: failed ? null : Math.round(random() * 2000),
    costUsd: failed ? null : random() < 0.05 ? null : Math.round(random() * 1e6) / 1e9,
    gradeScore: !failed && graded ? Math.round(random() * 100) / 100 : null,
    gradePass: !failed && graded ? random() < 0.7 : null,
    manualPass: random() < 0.2 ? random() < 0.5 : null,
  };
}

describe('SortedMultiset', () => {
  it('answers its values sorted after additions and removals, duplicates included', () => {
    const set = new SortedMultiset();
    for (const v of [5, 1, 3, 3, 9]) set.add(v);
    expect(set.values()).toEqual([1, 3, 3, 5, 9]);
    set.remove(3);
    set.add(4);
    set.add(0);
    expect(set.values()).toEqual([0, 1, 3, 4, 5, 9]);
    set.add(7);
    set.remove(7);
    set.remove(9);
    expect(set.values()).toEqual([0, 1, 3, 4, 5]);
  });
});

describe('ModelStatsAccumulator', () => {
  it('is empty before any cell', () => {
    expect(new ModelStatsAccumulator(true).summary()).toEqual({
      checked: true,
      cells: 0,
      completed: 0,
      errors: 0,
      graded: 0,
      passes: 0,
      ungraded: 0,
      passRateCells: 0,
      passRate: null,
      passRateInterval: null,
      humanGraded: 0,
      humanPasses: 0,
      humanPassRate: null,
      agreement: { humanGraded: 0, humanPassRate: null, compared: 0, agreementRate: null, kappa: null },
      meanScore: null,
      meanScoreInterval: null,
      scored: 0,
      samples: null,
      totalCostUsd: 0,
      costKnown: true,
      p50LatencyMs: null,
      p95LatencyMs: null,
    });
  });

  it('counts automatic and human verdicts apart: a manual grade never replaces the automatic one', () => {
    const stats = new ModelStatsAccumulator(true);
    stats.add(cell({ gradePass: true, manualPass: false }));
    stats.add(cell({ gradePass: false, gradeScore: 0, manualPass: true }));
    stats.add(cell({ gradePass: true, manualPass: null }));
    const summary = stats.summary();
    expect(summary.passRate).toBeCloseTo(2 / 3);
    expect([summary.passes, summary.graded]).toEqual([2, 3]);
    expect(summary.humanPassRate).toBe(0.5);
    expect([summary.humanPasses, summary.humanGraded]).toEqual([1, 2]);
    // both graded cells disagree with the grader: agreement 0 of 2
    expect(summary.agreement).toMatchObject({ compared: 2, agreementRate: 0 });
  });

  it('computes judge ↔ human agreement as the core does on a hand-computed fixture', () => {
    // 10 cells graded by both: 6 agree (4 pass/pass, 2 fail/fail), 3 grader pass/person fail, 1 grader fail/person pass.
    // observed 0.6; grader passes 7/10, people 5/10: chance 0.7·0.5 + 0.3·0.5 = 0.5; kappa (0.6−0.5)/(1−0.5) = 0.2
    const pairs: Array<[boolean, boolean]> = [
      ...Array.from({ length: 4 }, (): [boolean, boolean] => [true, true]),
      ...Array.from({ length: 2 }, (): [boolean, boolean] => [false, false]),
      ...Array.from({ length: 3 }, (): [boolean, boolean] => [true, false]),
      [false, true],
    ];
    const stats = new ModelStatsAccumulator(true);
    for (const [gradePass, manualPass] of pairs) stats.add(cell({ gradePass, manualPass }));
    stats.add(cell({ gradePass: null, gradeScore: null, manualPass: true })); // human only: not compared
    const { agreement } = stats.summary();
    expect(agreement).toMatchObject({ humanGraded: 11, compared: 10, agreementRate: 0.6, kappa: 0.2 });
    expect(agreement.humanPassRate).toBeCloseTo(6 / 11, 12);
  });

  it('replaces a cell that changed (a live update, a manual grade) without double counting', () => {
    const stats = new ModelStatsAccumulator(true);
    const before = cell({ latencyMs: 300, costUsd: 0.002, gradePass: false, gradeScore: 0 });
    stats.add(cell({ latencyMs: 100 }));
    stats.add(before);
    stats.replace(before, { ...before, manualPass: true });
    let summary = stats.summary();
    expect([summary.cells, summary.passes, summary.graded, summary.humanPasses]).toEqual([2, 1, 2, 1]);
    expect(summary.totalCostUsd).toBe(0.003);
    stats.replace({ ...before, manualPass: true }, { ...before, status: 'failed', latencyMs: null, costUsd: null, gradePass: null, gradeScore: null });
    summary = stats.summary();
    expect([summary.errors, summary.completed, summary.graded, summary.humanGraded]).toEqual([1, 1, 1, 0]);
    expect([summary.p50LatencyMs, summary.p95LatencyMs]).toEqual([100, 100]);
    expect(summary.totalCostUsd).toBe(0.001);
  });

  it('counts an ungraded cell as not passed, and a run without checks as having nothing to pass', () => {
    const checked = new ModelStatsAccumulator(true);
    const unchecked = new ModelStatsAccumulator(false);
    for (const stats of [checked, unchecked]) {
      stats.add(cell({ gradePass: null, gradeScore: null }));
      stats.add(cell({ gradePass: null, gradeScore: null }));
      stats.add(cell({ status: 'failed', gradePass: null, gradeScore: null }));
    }
    expect(checked.summary()).toMatchObject({ passes: 0, ungraded: 2, passRateCells: 3, passRate: 0 });
    expect(unchecked.summary()).toMatchObject({ checked: false, passes: 0, ungraded: 0, passRateCells: 0, passRate: null });
    checked.add(cell());
    expect(checked.summary()).toMatchObject({ passes: 1, ungraded: 2, passRateCells: 4, passRate: 0.25 });
  });

  it('clusters the samples of repeated cells by cell and counts pass^k, adding and removing cells exactly', () => {
    const stats = new ModelStatsAccumulator(true);
    const repeated = (passCount: number) => cell({ sampleAgreement: { samples: 5, passCount } });
    const list = [5, 4, 0, 3, 5, 1, 2, 5].map(repeated);
    const extra = repeated(2);
    for (const c of list) stats.add(c);
    stats.add(extra);
    stats.remove(extra);
    // the same 8 cells as in significance-stats.test.ts (independently computed there)
    const { samples } = stats.summary();
    expect(samples?.rate).toBe(0.625);
    expect(samples?.interval.lower).toBeCloseTo(0.35636107140414097, 10);
    expect(samples?.passAll).toMatchObject({ passing: 3, cells: 8 });
    expect(new ModelStatsAccumulator(false).summary().samples).toBeNull();
  });

  it('marks the total cost a lower bound while a completed cell has no known cost', () => {
    const stats = new ModelStatsAccumulator(true);
    const unknown = cell({ costUsd: null });
    stats.add(unknown);
    expect(stats.summary().costKnown).toBe(false);
    stats.remove(unknown);
    expect(stats.summary().costKnown).toBe(true);
  });

  it('agrees with the CLI summary over random batches of adds and replacements', () => {
    const random = createPrng(42);
    const stats = new ModelStatsAccumulator(true);
    const cells = new Map<number, StatsCell>();
    for (let batch = 0; batch < 30; batch++) {
      for (let i = 0; i < 80; i++) {
        const slot = Math.floor(random() * 1500);
        const next = randomCell(random);
        stats.replace(cells.get(slot), next);
        cells.set(slot, next);
      }
      const expected = summarizeCells([...cells.values()], { checked: true });
      const actual = stats.summary();
      expect(actual).toMatchObject({
        cells: expected.cells,
        completed: expected.completed,
        errors: expected.errors,
        graded: expected.graded,
        ungraded: expected.ungraded,
        passRateCells: expected.passRateCells,
        costKnown: expected.costKnown,
        p50LatencyMs: expected.p50LatencyMs,
        p95LatencyMs: expected.p95LatencyMs,
      });
      expect(actual.passRate).toBeCloseTo(expected.passRate ?? Number.NaN, 12);
      expect(actual.meanScore).toBeCloseTo(expected.meanScore ?? Number.NaN, 10);
      expect(actual.passRateInterval?.lower).toBeCloseTo(expected.passRateInterval?.lower ?? Number.NaN, 12);
      expect(actual.passRateInterval?.upper).toBeCloseTo(expected.passRateInterval?.upper ?? Number.NaN, 12);
      // kept from running sums of scores and their squares: the same interval as from the list, to float noise
      expect(actual.meanScoreInterval?.lower).toBeCloseTo(expected.meanScoreInterval?.lower ?? Number.NaN, 8);
      expect(actual.meanScoreInterval?.upper).toBeCloseTo(expected.meanScoreInterval?.upper ?? Number.NaN, 8);
      expect(actual.totalCostUsd).toBeCloseTo(expected.totalCostUsd, 9);
      const manual = [...cells.values()].filter((c) => c.manualPass !== null);
      expect(actual.humanGraded).toBe(manual.length);
      expect(actual.humanPasses).toBe(manual.filter((c) => c.manualPass).length);
      expect(actual.agreement).toEqual(expected.agreement);
    }
  });
});
