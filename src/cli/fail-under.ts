import { formatScore } from '../core/stats';
import type { CellMetrics } from '../store/types';
import type { FailUnder } from './args';
import { overallPassRate } from './summary';

/** Mean of the cells' grade scores; null when no cell has one. */
function overallMeanScore(cells: readonly CellMetrics[]): number | null {
  const scores = cells.flatMap((c) => (c.gradeScore === null ? [] : [c.gradeScore]));
  return scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
}

/** The message saying why the run is below `--fail-under`, or null when it is not. */
export function failUnderProblem(cells: CellMetrics[], failUnder: FailUnder): string | null {
  if (failUnder.metric === 'score') {
    const score = overallMeanScore(cells);
    if (score === null) return `no cell has a score, so the mean score cannot reach --fail-under score:${failUnder.threshold}`;
    return score < failUnder.threshold ? `mean score ${formatScore(score)} is below --fail-under score:${failUnder.threshold}` : null;
  }
  const rate = overallPassRate(cells) ?? 0;
  return rate < failUnder.threshold
    ? `pass rate ${(rate * 100).toFixed(1)}% is below --fail-under ${(failUnder.threshold * 100).toFixed(1)}%`
    : null;
}
