import { checkAssertions, type Assertion, type AssertionContext } from '../assertions';
import { computeCost, findPrice, type PriceTable } from '../cost';
import { allPass, combineVerdicts, parseVerdict, type Verdict } from '../grading';
import type { RowData } from '../prompt';
import type { Scheduler } from '../executor';
import { ProviderError } from '../providers/types';
import type { GradeRecord } from '../../store/types';
import { renderGraderRow } from './render-row';
import { responseFormatFor } from './response-format';
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
  deps: { scheduler: Scheduler; prices: PriceTable; signal?: AbortSignal },
): Promise<CellGrades> {
  if (graders.length === 0) return { grades: [], gradeScore: null, gradePass: null, gradeReason: null };
  const grades = await Promise.all(
    graders.map(async (grader): Promise<GradeRecord> => {
      let messages;
      try {
        messages = await renderGraderRow(grader.compiled, data, output);
      } catch (error) {
        return ungraded(grader.ref, `grader prompt could not be rendered: ${(error as Error).message}`);
      }
      const config = grader.compiled.prompt.config;
      try {
        const { result } = await deps.scheduler.submit(
          grader.judge,
          { messages, temperature: config.temperature ?? 0, maxOutputTokens: config.maxOutputTokens ?? 512, responseFormat: responseFormatFor(grader.compiled.prompt) },
          { signal: deps.signal },
        );
        const cost = computeCost(findPrice(deps.prices, grader.judge), result.usage)?.totalUsd ?? null;
        const usage = { tokensIn: result.usage.inputTokens, tokensOut: result.usage.outputTokens, tokensCached: result.usage.cachedInputTokens };
        const verdict: Verdict = parseVerdict(result.text, { passThreshold: grader.passThreshold });
        if (verdict.state === 'ungraded') return { ...ungraded(grader.ref, verdict.reason, cost), ...usage };
        return { grader: grader.ref, score: verdict.score, pass: verdict.pass, reason: verdict.reason, state: 'graded', costUsd: cost, ...usage };
      } catch (error) {
        const reason = error instanceof ProviderError ? `grader call failed (${error.kind}): ${error.message}` : String(error);
        return ungraded(grader.ref, reason);
      }
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
  deps: { scheduler: Scheduler; prices: PriceTable; signal?: AbortSignal },
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
