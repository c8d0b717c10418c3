/**
 * Whether a run must be confirmed before it starts, and the modal's text (pure, unit-tested).
 * Asked when the estimate is above `refinery.confirmCostAboveUsd`; an estimate of $0 (only
 * unpriced or free models) never asks.
 */
import type { CallsEstimate, RunEstimate } from '../../core/run/estimate-run';
import { formatUsd, PRICE_UNKNOWN } from '../../shared/stats/format-table';

export interface CostConfirmation {
  message: string;
  detail: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Whether an estimate is worth a question: above the threshold, and not $0. */
export function costNeedsConfirmation(estimate: RunEstimate, thresholdUsd: number): boolean {
  return estimate.totalUsd > 0 && estimate.totalUsd > thresholdUsd;
}

/** `up to about $0.2958 plus calls whose price is unknown (2,400 calls, ~180,000 input + ≤614,400 output tokens)`. */
export function estimateSummary(estimate: RunEstimate): string {
  const all = [...estimate.models, ...estimate.graders];
  const calls = all.reduce((sum, m) => sum + m.calls, 0);
  const inputTokens = all.reduce((sum, m) => sum + m.inputTokens, 0);
  const outputTokens = all.reduce((sum, m) => sum + m.outputTokens, 0);
  return `up to about ${formatUsd(estimate.totalUsd)}${estimate.unpriced.length > 0 ? ' plus calls whose price is unknown' : ''} (${count(calls)} calls, ~${count(inputTokens)} input + ≤${count(outputTokens)} output tokens)`;
}

/** One line per model and grader, then what was not counted. */
export function estimateLines(estimate: RunEstimate): string[] {
  const line = (label: string, e: CallsEstimate): string =>
    `${label}: ${count(e.calls)} calls, ~${count(e.inputTokens)} in + ≤${count(e.outputTokens)} out tokens, ${e.costUsd === null ? PRICE_UNKNOWN : formatUsd(e.costUsd)}`;
  const lines = [...estimate.models.map((m) => line(m.modelId, m)), ...estimate.graders.map((g) => line(`grader ${g.grader} on ${g.modelId}`, g))];
  if (estimate.unpriced.length > 0) lines.push(`Not counted (${PRICE_UNKNOWN}): ${estimate.unpriced.join(', ')}.`);
  return lines;
}

export const ESTIMATE_METHOD = 'Input counted with a tokenizer, output at maxOutputTokens (an upper bound).';

export function thresholdNote(thresholdUsd: number): string {
  return `Asked because the estimate is above refinery.confirmCostAboveUsd (${formatUsd(thresholdUsd)}).`;
}

export function costConfirmation(estimate: RunEstimate, thresholdUsd: number): CostConfirmation | undefined {
  if (!costNeedsConfirmation(estimate, thresholdUsd)) return undefined;
  return {
    message: `Refinery: this run will cost ${estimateSummary(estimate)}. Run it?`,
    detail: [...estimateLines(estimate), '', ESTIMATE_METHOD, thresholdNote(thresholdUsd)].join('\n'),
  };
}
