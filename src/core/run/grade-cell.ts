import { computeCost, findPrice, type PriceTable } from '../cost';
import { combineVerdicts, graderVariables, parseVerdict, type Verdict } from '../grading';
import type { Scheduler } from '../executor';
import { ProviderError } from '../providers/types';
import type { GradeRecord, JsonValue } from '../../store/types';
import type { PlannedGrader } from './run-plan';

export interface CellGrades {
  grades: GradeRecord[];
  gradeScore: number | null;
  gradePass: boolean | null;
  gradeReason: string | null;
}

function ungraded(grader: string, reason: string, costUsd = 0): GradeRecord {
  return { grader, score: null, pass: null, reason, state: 'ungraded', costUsd };
}

/**
 * Runs every grader on one output through the same scheduler as the cells (so rate limits and
 * retries apply). A grader that fails or answers unparseably leaves the cell "ungraded" with
 * the reason; it never fails the cell.
 */
export async function gradeCell(
  graders: PlannedGrader[],
  row: Record<string, JsonValue>,
  output: string,
  deps: { scheduler: Scheduler; prices: PriceTable; signal?: AbortSignal },
): Promise<CellGrades> {
  if (graders.length === 0) return { grades: [], gradeScore: null, gradePass: null, gradeReason: null };
  const grades = await Promise.all(
    graders.map(async (grader): Promise<GradeRecord> => {
      let messages;
      try {
        messages = await grader.compiled.render(graderVariables(row, output));
      } catch (error) {
        return ungraded(grader.ref, `grader prompt could not be rendered: ${(error as Error).message}`);
      }
      const config = grader.compiled.prompt.config;
      try {
        const { result } = await deps.scheduler.submit(
          grader.judge,
          { messages, temperature: config.temperature ?? 0, maxOutputTokens: config.maxOutputTokens ?? 512 },
          { signal: deps.signal },
        );
        const cost = computeCost(findPrice(deps.prices, grader.judge), result.usage)?.totalUsd ?? 0;
        const verdict: Verdict = parseVerdict(result.text, { passThreshold: grader.passThreshold });
        if (verdict.state === 'ungraded') return ungraded(grader.ref, verdict.reason, cost);
        return { grader: grader.ref, score: verdict.score, pass: verdict.pass, reason: verdict.reason, state: 'graded', costUsd: cost };
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
