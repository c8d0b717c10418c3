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
export const effectivePass = (cell: ComparableCell): boolean | null => cell.manualPass ?? cell.gradePass;
export const effectiveScore = (cell: ComparableCell): number | null => cell.manualScore ?? cell.gradeScore;

const SCORE_EPSILON = 1e-9;
const passLabel = (pass: boolean | null): string => (pass === null ? 'ungraded' : pass ? 'pass' : 'fail');

/**
 * How a cell moved from the baseline run to this one. The first difference decides, in order:
 * completed ↔ failed, pass ↔ fail, score up/down, output text.
 */
export function classifyCell(current: ComparableCell | undefined, baseline: ComparableCell | undefined): CellClassification {
  if (!current && !baseline) throw new Error('classifyCell needs at least one cell');
  if (!baseline) return { change: 'new', reason: 'not in the baseline run' };
  if (!current) return { change: 'missing', reason: 'not in this run' };

  if (baseline.status !== current.status) {
    return current.status === 'failed'
      ? { change: 'regressed', reason: 'completed → error' }
      : { change: 'improved', reason: 'error → completed' };
  }
  if (current.status === 'failed') return { change: 'unchanged', reason: 'error in both runs' };

  const before = effectivePass(baseline);
  const after = effectivePass(current);
  if (before !== after) {
    const reason = `${passLabel(before)} → ${passLabel(after)}`;
    if (before === true && after === false) return { change: 'regressed', reason };
    if (before === false && after === true) return { change: 'improved', reason };
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
