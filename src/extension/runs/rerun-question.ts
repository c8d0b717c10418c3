/**
 * What Re-run failed asks before it runs anything (pure, unit-tested). It runs again the cells
 * that errored, failed or are ungraded; cells that never ran (a cancelled run) run only when the
 * user says so, so there is then always a question, with the cost of each answer. Otherwise the
 * cost confirmation of a new run applies: asked above `refinery.confirmCostAboveUsd`.
 */
import type { RunEstimate } from '../../core/run/estimate-run';
import type { RerunScope } from '../../core/run/rerun-scope';
import { costNeedsConfirmation, ESTIMATE_METHOD, estimateLines, estimateSummary, thresholdNote } from './cost-confirmation';

export type RerunChoice = 'again' | 'again-and-not-run';

export type RerunQuestion =
  | { kind: 'nothing'; message: string }
  | { kind: 'run'; choice: RerunChoice }
  | { kind: 'ask'; message: string; detail: string; answers: Array<{ label: string; choice: RerunChoice }> };

const cells = (n: number): string => `${n} cell${n === 1 ? '' : 's'}`;
/** In a button: Title Case, as VS Code writes them. */
const Cells = (n: number): string => `${n} Cell${n === 1 ? '' : 's'}`;

/** `2 errored, 1 failed, 3 ungraded` (the parts that are there). */
export function againParts(scope: Pick<RerunScope, 'errored' | 'failed' | 'ungraded'>): string {
  const parts = [
    [scope.errored, 'errored'],
    [scope.failed, 'failed'],
    [scope.ungraded, 'ungraded'],
  ] as const;
  return parts.filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}`).join(', ');
}

export function rerunQuestion(promptName: string, scope: RerunScope, again: RunEstimate, notRun: RunEstimate, thresholdUsd: number): RerunQuestion {
  const n = scope.again.length;
  const m = scope.notRun.length;
  if (n === 0 && m === 0) return { kind: 'nothing', message: `Refinery: nothing to re-run in ${promptName}: no cell errored, failed or is ungraded.` };
  const method = ['', ESTIMATE_METHOD];
  if (m === 0) {
    if (!costNeedsConfirmation(again, thresholdUsd)) return { kind: 'run', choice: 'again' };
    return {
      kind: 'ask',
      message: `Refinery: re-running ${cells(n)} of ${promptName} (${againParts(scope)}) will cost ${estimateSummary(again)}. Re-run them?`,
      detail: [...estimateLines(again), ...method, thresholdNote(thresholdUsd)].join('\n'),
      answers: [{ label: `Re-run ${Cells(n)}`, choice: 'again' }],
    };
  }
  const notRunText = `${cells(m)} never ran (the run was cancelled or stopped before them)`;
  const notRunDetail = [`Also running the ${cells(m)} that never ran: ${estimateSummary(notRun)}.`, ...estimateLines(notRun)];
  if (n === 0) {
    return {
      kind: 'ask',
      message: `Refinery: no cell of ${promptName} errored, failed or is ungraded, but ${notRunText}. Run them? It will cost ${estimateSummary(notRun)}.`,
      detail: [...estimateLines(notRun), ...method].join('\n'),
      answers: [{ label: `Run ${Cells(m)} Not Run`, choice: 'again-and-not-run' }],
    };
  }
  return {
    kind: 'ask',
    message: `Refinery: re-run the ${cells(n)} of ${promptName} that did not pass (${againParts(scope)})? It will cost ${estimateSummary(again)}. ${notRunText[0]?.toUpperCase()}${notRunText.slice(1)}: they stay not run unless you choose to run them too.`,
    detail: [`Re-running the ${cells(n)}: ${estimateSummary(again)}.`, ...estimateLines(again), '', ...notRunDetail, ...method].join('\n'),
    answers: [
      { label: `Re-run ${Cells(n)}`, choice: 'again' },
      { label: `Re-run ${n} + Run ${m} Not Run`, choice: 'again-and-not-run' },
    ],
  };
}
