import { allPass } from './all-pass';
import type { Verdict } from './verdict';

export interface GraderVerdict {
  /** The grader's name or path, used to label its reason when several graders ran. */
  grader: string;
  verdict: Verdict;
}

export interface CombinedGrade {
  /** Mean of the graded scores; null when no grader produced a grade. */
  score: number | null;
  /**
   * True when every grader passed; false when one failed (even if another is ungraded); null when
   * none failed but one is ungraded, or there are no graders: the cell is then ungraded, not passed.
   */
  pass: boolean | null;
  /** Each grader's reason (or why it is ungraded), labelled by grader when there are several. */
  reason: string;
}

/**
 * One cell's grade from all its graders' verdicts. An ungraded verdict counts for no score and
 * keeps the cell from passing (see `pass`).
 */
export function combineVerdicts(verdicts: readonly GraderVerdict[]): CombinedGrade {
  const graded = verdicts.flatMap(({ verdict }) => (verdict.state === 'graded' ? [verdict] : []));
  const score =
    graded.length === 0
      ? null
      : Math.round((graded.reduce((sum, verdict) => sum + verdict.score, 0) / graded.length) * 1e12) / 1e12;
  const pass = allPass(verdicts.map(({ verdict }) => (verdict.state === 'graded' ? verdict.pass : null)));

  const reasonOf = (verdict: Verdict): string =>
    verdict.state === 'graded' ? verdict.reason : `ungraded: ${verdict.reason}`;
  const reason =
    verdicts.length === 1 && verdicts[0]
      ? reasonOf(verdicts[0].verdict)
      : verdicts.map(({ grader, verdict }) => `${grader}: ${reasonOf(verdict)}`).join('\n');
  return { score, pass, reason };
}
