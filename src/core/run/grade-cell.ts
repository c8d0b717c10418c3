import { checkAssertions, type Assertion, type AssertionContext } from '../assertions';
import { allPass, combineVerdicts, graderVariables, parseVerdict, type Verdict } from '../grading';
import type { RowData } from '../prompt';
import type { GradeRecord } from '../model';
import { callJudge, judgeFailureReason, type JudgeCallDeps } from './judge-call';
import type { PlannedGrader } from './run-plan';

export interface CellGrades {
  grades: GradeRecord[];
  gradeScore: number | null;
  gradePass: boolean | null;
  gradeReason: string | null;
}

function ungraded(grader: string, reason: string, costUsd: number | null = 0): GradeRecord {
  return { grader, score: null, pass: null, reason, state: 'ungraded', costUsd };
}

/**
 * Runs every grader on one output through the same scheduler as the cells (so rate limits and
 * retries apply). A grader that fails or answers unparseably leaves the cell "ungraded" with
 * the reason; it never fails the cell.
 */
export async function gradeGraders(
  graders: PlannedGrader[],
  data: RowData,
  output: string,
  deps: JudgeCallDeps,
): Promise<CellGrades> {
  if (graders.length === 0) return { grades: [], gradeScore: null, gradePass: null, gradeReason: null };
  const grades = await Promise.all(
    graders.map(async (grader): Promise<GradeRecord> => {
      // A grader sees the row's variables (the conversation as the `messages` list, not as its own
      // history: the judge is not a party to it), `{{output}}`, `{{expected}}`, and the row's context.
      const answer = await callJudge(grader.compiled, grader.judge, graderVariables(data.input, output), deps, { context: data.context });
      if (answer.state === 'unrendered') return ungraded(grader.ref, `grader prompt could not be rendered: ${answer.message}`);
      if (answer.state === 'failed') return ungraded(grader.ref, judgeFailureReason('grader', answer.error));
      const cost = answer.costUsd;
      const usage = { tokensIn: answer.tokensIn, tokensOut: answer.tokensOut, tokensCached: answer.tokensCached };
      const verdict: Verdict = parseVerdict(answer.text, { passThreshold: grader.passThreshold });
      if (verdict.state === 'ungraded') return { ...ungraded(grader.ref, verdict.reason, cost), ...usage };
      return { grader: grader.ref, score: verdict.score, pass: verdict.pass, reason: verdict.reason, state: 'graded', costUsd: cost, ...usage };
    }),
  );
  const combined = combineVerdicts(
    grades.map((g) => ({
      grader: g.grader,
      verdict:
        g.state === 'graded' && g.score !== null && g.pass !== null
          ? ({ state: 'graded', score: g.score, pass: g.pass, reason: g.reason } satisfies Verdict)
          : ({ state: 'ungraded', reason: g.reason, raw: '' } satisfies Verdict),
    })),
  );
  return { grades, gradeScore: combined.score, gradePass: combined.pass, gradeReason: combined.reason };
}

export interface CellChecks {
  graders: PlannedGrader[];
  assertions: readonly Assertion[];
}

/**
 * Grades one completed cell: its graders (through the scheduler) and its assertions (no model).
 * The cell passes when every grader and every assertion passes; it fails when one of them fails;
 * otherwise (a grader ungraded, none failing) its pass stays null: ungraded, never passed. Its
 * score is the mean of the graders' scores only (an assertion is pass/fail). Assertions are grade entries named
 * `assert:<kind>`, so they live in the cell's `grades` without a schema change.
 */
export async function gradeCell(
  checks: CellChecks,
  cell: Omit<AssertionContext, 'outputSchema'> & { outputSchema?: Record<string, unknown>; data: RowData },
  deps: JudgeCallDeps,
): Promise<CellGrades> {
  const fromGraders = await gradeGraders(checks.graders, cell.data, cell.output, deps);
  if (checks.assertions.length === 0) return fromGraders;
  const asserted = checkAssertions(checks.assertions, cell);
  const failing = asserted.filter((a) => a.pass === false);
  const assertionsPass = failing.length === 0;
  const assertionReason = assertionsPass
    ? `${asserted.length} assertion${asserted.length === 1 ? '' : 's'} passed`
    : failing.map((a) => `${a.grader}: ${a.reason}`).join('\n');
  return {
    grades: [...fromGraders.grades, ...asserted],
    gradeScore: fromGraders.gradeScore,
    gradePass: checks.graders.length === 0 ? assertionsPass : allPass([fromGraders.gradePass, assertionsPass]),
    gradeReason: fromGraders.gradeReason === null ? assertionReason : `${fromGraders.gradeReason}\n${assertionReason}`,
  };
}
