import { cellOutcome, type CellOutcome } from '../../shared/stats/outcome';

/** What classifying a cell needs: its status, output and grades (automatic and manual). */
export interface ComparableCell {
  status: 'completed' | 'failed';
  outputText: string | null;
  gradeScore: number | null;
  gradePass: boolean | null;
  manualScore: number | null;
  manualPass: boolean | null;
}

export type CellChange = 'improved' | 'regressed' | 'changed' | 'unchanged' | 'new' | 'missing';

export interface CellClassification {
  change: CellChange;
  /** Why, in a few words: "pass → fail", "score 0.80 → 0.50", "output changed". */
  reason: string;
}

/** A person's grade overrides the grader's: it is what the user trusts. */
export const effectiveScore = (cell: ComparableCell): number | null => cell.manualScore ?? cell.gradeScore;

const SCORE_EPSILON = 1e-9;
const OUTCOME_LABELS: Record<CellOutcome, string> = { passed: 'pass', failed: 'fail', ungraded: 'ungraded', errored: 'error', unchecked: 'not checked' };

/** Whether each run declares a grader or an assertion (see `runHasChecks`). */
export interface CompareChecks {
  current: boolean;
  baseline: boolean;
}

/**
 * How a cell moved from the baseline run to this one. The first difference decides, in order:
 * completed ↔ failed, the outcome (a pass that became a fail or ungraded regressed — ungraded is
 * not passed — and the reverse improved), score up/down, output text. A person's grade decides
 * over the grader's.
 */
export function classifyCell(current: ComparableCell | undefined, baseline: ComparableCell | undefined, checks: CompareChecks): CellClassification {
  if (!current && !baseline) throw new Error('classifyCell needs at least one cell');
  if (!baseline) return { change: 'new', reason: 'not in the baseline run' };
  if (!current) return { change: 'missing', reason: 'not in this run' };

  if (baseline.status !== current.status) {
    return current.status === 'failed'
      ? { change: 'regressed', reason: 'completed → error' }
      : { change: 'improved', reason: 'error → completed' };
  }
  if (current.status === 'failed') return { change: 'unchanged', reason: 'error in both runs' };

  const before = cellOutcome(baseline, { checked: checks.baseline, manual: true });
  const after = cellOutcome(current, { checked: checks.current, manual: true });
  if (before !== after) {
    const reason = `${OUTCOME_LABELS[before]} → ${OUTCOME_LABELS[after]}`;
    if (before === 'unchecked' || after === 'unchecked') return { change: 'changed', reason };
    if (before === 'passed') return { change: 'regressed', reason };
    if (after === 'passed') return { change: 'improved', reason };
    return { change: 'changed', reason };
  }

  const scoreBefore = effectiveScore(baseline);
  const scoreAfter = effectiveScore(current);
  if (scoreBefore !== null && scoreAfter !== null && Math.abs(scoreAfter - scoreBefore) > SCORE_EPSILON) {
    const reason = `score ${scoreBefore.toFixed(2)} → ${scoreAfter.toFixed(2)}`;
    return { change: scoreAfter > scoreBefore ? 'improved' : 'regressed', reason };
  }
  if ((scoreBefore === null) !== (scoreAfter === null)) return { change: 'changed', reason: 'score appeared or disappeared' };

  if (baseline.outputText !== current.outputText) return { change: 'changed', reason: 'output changed' };
  return { change: 'unchanged', reason: 'same output and grade' };
}
