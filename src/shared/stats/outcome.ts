/**
 * The one definition of a cell's outcome, used by every summary, gate and report (CLI table,
 * `--fail-under`, `--max-ungraded`, JUnit, compare, exports, the results grid, the Runs view):
 *
 * - `errored`: the model call failed; there is no output to grade.
 * - `passed`: graded, and every grader and assertion passed.
 * - `failed`: a grader or an assertion failed.
 * - `ungraded`: the run has graders or assertions but this cell has no verdict — a judge answer
 *   that could not be parsed, a grader call that failed, or no grader ran — and none failed.
 *   Not passed: it counts in the pass rate's denominator.
 * - `unchecked`: the run declares no grader and no assertion; there is nothing to pass.
 */
import type { GradeRecord, RunRecord } from '../../core/model';

export type CellOutcome = 'passed' | 'failed' | 'ungraded' | 'errored' | 'unchecked';

/** What an outcome needs from a cell (a subset of the store's cell record and of the grid's cell view). */
export interface OutcomeCell {
  status: 'completed' | 'failed';
  gradePass: boolean | null;
  manualPass?: boolean | null;
}

export interface OutcomeOptions {
  /** The run declares at least one grader or assertion (see `runHasChecks`). */
  checked: boolean;
  /**
   * A person's pass/fail on a completed cell decides over the automatic one (compare and the Runs
   * view, where what people trust counts). The CLI's gates and the grid's automatic figures leave
   * manual grades out.
   */
  manual?: boolean;
}

export function cellOutcome(cell: OutcomeCell, options: OutcomeOptions): CellOutcome {
  if (cell.status === 'failed') return 'errored';
  const manualPass = options.manual ? (cell.manualPass ?? null) : null;
  if (manualPass !== null) return manualPass ? 'passed' : 'failed';
  if (!options.checked) return 'unchecked';
  if (cell.gradePass === null) return 'ungraded';
  return cell.gradePass ? 'passed' : 'failed';
}

export type OutcomeCounts = Record<CellOutcome, number>;

export const NO_OUTCOMES: Readonly<OutcomeCounts> = { passed: 0, failed: 0, ungraded: 0, errored: 0, unchecked: 0 };

export function countOutcomes(cells: readonly OutcomeCell[], options: OutcomeOptions): OutcomeCounts {
  const counts: OutcomeCounts = { ...NO_OUTCOMES };
  for (const cell of cells) counts[cellOutcome(cell, options)]++;
  return counts;
}

/**
 * The cells a pass rate is over. With checks: every cell (an errored or ungraded cell is a cell
 * that did not pass). Without: only the cells a person passed or failed (`manual`), else none.
 */
export function passRateDenominator(counts: OutcomeCounts, checked: boolean): number {
  return checked ? counts.passed + counts.failed + counts.ungraded + counts.errored + counts.unchecked : counts.passed + counts.failed;
}

/** Passed / `passRateDenominator`; null when that is 0 (nothing to pass, or no cell yet). */
export function passRateOf(counts: OutcomeCounts, checked: boolean): number | null {
  const denominator = passRateDenominator(counts, checked);
  return denominator === 0 ? null : counts.passed / denominator;
}

/** `counts` plus or minus (`sign` -1) one cell's outcome: for tallies kept incrementally. */
export function addOutcome(counts: OutcomeCounts, outcome: CellOutcome, sign: 1 | -1 = 1): OutcomeCounts {
  return { ...counts, [outcome]: counts[outcome] + sign };
}

/**
 * Whether the run declares a grader or an assertion, from what it stored: its grader texts and
 * `config.assertions` (kept since assertions are part of the run). A run stored before that key
 * existed counts as checked when one of its cells has a verdict or a score.
 */
export function runHasChecks(
  run: Pick<RunRecord, 'graderTexts' | 'config'>,
  cells: ReadonlyArray<{ gradePass: boolean | null; gradeScore: number | null }> = [],
): boolean {
  if (Object.keys(run.graderTexts).length > 0 || run.config.graders.length > 0) return true;
  if (run.config.assertions !== undefined) return run.config.assertions.length > 0;
  return cells.some((cell) => cell.gradePass !== null || cell.gradeScore !== null);
}

/** Why a cell is ungraded, in one line for JUnit and the CLI: each ungraded grader's reason. */
export function ungradedReason(cell: { grades: readonly Pick<GradeRecord, 'grader' | 'state' | 'reason'>[]; gradeReason: string | null }): string {
  const ungraded = cell.grades.filter((grade) => grade.state === 'ungraded');
  if (ungraded.length > 0) return ungraded.map((grade) => `${grade.grader}: ${grade.reason}`).join('\n');
  if (cell.grades.length === 0) return 'no grader ran on this cell';
  return cell.gradeReason ?? 'no verdict';
}
