import { describe, expect, it } from 'vitest';
import { summarizeCells, type SummaryCell } from '../../../src/core/stats';

function completed(latencyMs: number | null, costUsd: number | null, gradeScore: number | null, gradePass: boolean | null): SummaryCell {
  return { status: 'completed', latencyMs, costUsd, gradeScore, gradePass };
}

function failed(latencyMs: number | null, costUsd: number | null): SummaryCell {
  return { status: 'failed', latencyMs, costUsd, gradeScore: null, gradePass: null };
}

describe('summarizeCells', () => {
  it('summarises a mixed column of cells', () => {
    const cells = [
      completed(400, 0.001, 1, true),
      completed(100, 0.002, 0.5, true),
      completed(300, 0.003, 0, false),
      completed(200, 0.001, 0.75, true),
      completed(800, 0.001, null, null), // ungraded
      completed(500, 0.001, 0.25, false),
      completed(700, 0.001, 1, true),
      completed(600, 0.0001, 0.5, true),
      completed(null, 0.0002, 1, true), // latency not recorded
      failed(5000, null), // a slow failure must not move the latency percentiles
      failed(null, 0.00005), // tokens spent before failing still cost money
    ];
    const { passRateInterval, meanScoreInterval, ...summary } = summarizeCells(cells, { checked: true });
    // Wilson 6/11: scipy.stats.binomtest(6, 11).proportion_ci(method='wilson')
    expect(passRateInterval?.lower).toBeCloseTo(0.280091537409322, 12);
    expect(passRateInterval?.upper).toBeCloseTo(0.7872872837754024, 12);
    // 0.625 ± t(0.975, 7) · s / √8 (scipy: t.ppf(0.975, 7) = 2.364624, numpy std(ddof=1) = 0.3779645)
    expect(meanScoreInterval?.lower).toBeCloseTo(0.3090137929315378, 6);
    expect(meanScoreInterval?.upper).toBeCloseTo(0.9409862070684623, 6);
    expect(summary).toEqual({
      cells: 11,
      completed: 9,
      errors: 2,
      passed: 6,
      failed: 2,
      ungraded: 1,
      graded: 8,
      passRateCells: 11, // the ungraded and the errored cells did not pass either
      passRate: 6 / 11,
      meanScore: 0.625, // (1 + 0.5 + 0 + 0.75 + 0.25 + 1 + 0.5 + 1) / 8
      totalCostUsd: 0.01035,
      costKnown: true, // failed cells without a cost do not make the total unknown
      p50LatencyMs: 400, // sorted 100…800, rank ceil(0.5 × 8) = 4
      p95LatencyMs: 800, // rank ceil(0.95 × 8) = 8
      agreement: { humanGraded: 0, humanPassRate: null, compared: 0, agreementRate: null, kappa: null }, // nobody graded by hand
    });
  });

  it('marks the cost unknown when a completed cell has no price, and keeps the known part', () => {
    const summary = summarizeCells([completed(100, 0.002, null, null), completed(200, null, null, null)], { checked: false });
    expect(summary.costKnown).toBe(false);
    expect(summary.totalCostUsd).toBe(0.002);
  });

  it('rounds the cost total so float sums compare exactly', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floats
    const summary = summarizeCells([completed(1, 0.1, null, null), completed(1, 0.2, null, null)], { checked: false });
    expect(summary.totalCostUsd).toBe(0.3);
  });

  it('gives a 0 % pass rate and null percentiles when every cell errored', () => {
    const { passRateInterval, ...summary } = summarizeCells([failed(100, null), failed(200, null)], { checked: true });
    expect(passRateInterval?.lower).toBe(0);
    expect(passRateInterval?.upper).toBeCloseTo(0.6576197724933469, 12); // Wilson 0/2 (scipy)
    expect(summary).toEqual({
      cells: 2,
      completed: 0,
      errors: 2,
      passed: 0,
      failed: 0,
      ungraded: 0,
      meanScoreInterval: null,
      graded: 0,
      passRateCells: 2,
      passRate: 0,
      meanScore: null,
      totalCostUsd: 0,
      costKnown: true,
      p50LatencyMs: null,
      p95LatencyMs: null,
      agreement: { humanGraded: 0, humanPassRate: null, compared: 0, agreementRate: null, kappa: null }, // nobody graded by hand
    });
  });

  it('summarises an empty column', () => {
    expect(summarizeCells([], { checked: true })).toMatchObject({ cells: 0, completed: 0, errors: 0, passRate: null, p50LatencyMs: null });
  });

  it('counts a pass/fail grade without a score in the pass rate but not the mean score', () => {
    const summary = summarizeCells([completed(1, 0, null, false), completed(1, 0, 0.9, true)], { checked: true });
    expect(summary).toMatchObject({ graded: 2, passRate: 0.5, meanScore: 0.9 });
  });

  it('a broken judge: every completed cell ungraded gives a 0 % pass rate, not "no pass rate"', () => {
    const summary = summarizeCells([completed(1, 0, null, null), completed(1, 0, null, null), completed(1, 0, null, null)], { checked: true });
    expect(summary).toMatchObject({ passed: 0, ungraded: 3, passRateCells: 3, passRate: 0 });
  });

  it('without checks there is no pass rate and nothing is ungraded; with `manual`, a person\'s grades make one', () => {
    const cells: SummaryCell[] = [completed(1, 0, null, null), { ...completed(1, 0, null, null), manualPass: true }, failed(1, 0)];
    expect(summarizeCells(cells, { checked: false })).toMatchObject({ passed: 0, ungraded: 0, passRateCells: 0, passRate: null });
    expect(summarizeCells(cells, { checked: false, manual: true })).toMatchObject({ passed: 1, ungraded: 0, passRateCells: 1, passRate: 1 });
  });
});
