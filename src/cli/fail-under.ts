import { countOutcomes, formatScore, passRateDenominator, passRateOf, wilsonInterval } from '../core/stats';
import type { CellMetrics } from '../core/model';
import type { FailUnder } from './args';

/** Mean of the cells' grade scores; null when no cell has one. */
function overallMeanScore(cells: readonly CellMetrics[]): number | null {
  const scores = cells.flatMap((c) => (c.gradeScore === null ? [] : [c.gradeScore]));
  return scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
}

/**
 * The message saying why the run is below `--fail-under`, or null when it is not. The pass rate is
 * over every cell (see `cellOutcome`): an ungraded or errored cell is one that did not pass. Only
 * for a run with checks: the caller refuses `--fail-under` on a run without any first.
 */
export function failUnderProblem(cells: readonly CellMetrics[], failUnder: FailUnder): string | null {
  if (failUnder.metric === 'score') {
    const score = overallMeanScore(cells);
    if (score === null) return `no cell has a score, so the mean score cannot reach --fail-under score:${failUnder.threshold}`;
    return score < failUnder.threshold ? `mean score ${formatScore(score)} is below --fail-under score:${failUnder.threshold}` : null;
  }
  const counts = countOutcomes(cells, { checked: true });
  const rate = passRateOf(counts, true) ?? 0;
  if (failUnder.metric === 'pass-rate-lower') {
    const cellCount = passRateDenominator(counts, true);
    const lower = wilsonInterval(counts.passed, cellCount)?.lower ?? 0;
    return lower < failUnder.threshold
      ? `the pass rate's 95% lower bound ${(lower * 100).toFixed(1)}% (pass rate ${(rate * 100).toFixed(1)}%, ${counts.passed}/${cellCount} cells, Wilson interval) is below --fail-under pass-rate-lower:${failUnder.threshold}`
      : null;
  }
  return rate < failUnder.threshold
    ? `pass rate ${(rate * 100).toFixed(1)}% is below --fail-under ${(failUnder.threshold * 100).toFixed(1)}%`
    : null;
}
