/**
 * Whether a run must be confirmed before it starts, and the modal's text (pure, unit-tested).
 * Asked when the estimate is above `refinery.confirmCostAboveUsd`; an estimate of $0 (only
 * unpriced or free models) never asks.
 */
import type { CallsEstimate, RunEstimate } from '../../core/run/estimate-run';
import { formatUsd, PRICE_UNKNOWN } from '../../core/stats/format-table';

export interface CostConfirmation {
  message: string;
  detail: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

export function costConfirmation(estimate: RunEstimate, thresholdUsd: number): CostConfirmation | undefined {
  if (estimate.totalUsd <= 0 || estimate.totalUsd <= thresholdUsd) return undefined;
  const all = [...estimate.models, ...estimate.graders];
  const calls = all.reduce((sum, m) => sum + m.calls, 0);
  const inputTokens = all.reduce((sum, m) => sum + m.inputTokens, 0);
  const outputTokens = all.reduce((sum, m) => sum + m.outputTokens, 0);
  const line = (label: string, e: CallsEstimate): string =>
    `${label}: ${count(e.calls)} calls, ~${count(e.inputTokens)} in + ≤${count(e.outputTokens)} out tokens, ${e.costUsd === null ? PRICE_UNKNOWN : formatUsd(e.costUsd)}`;
  const lines = [...estimate.models.map((m) => line(m.modelId, m)), ...estimate.graders.map((g) => line(`grader ${g.grader} on ${g.modelId}`, g))];
  if (estimate.unpriced.length > 0) lines.push(`Not counted (${PRICE_UNKNOWN}): ${estimate.unpriced.join(', ')}.`);
  lines.push(
    '',
    'Input counted with a tokenizer, output at maxOutputTokens (an upper bound).',
    `Asked because the estimate is above refinery.confirmCostAboveUsd (${formatUsd(thresholdUsd)}).`,
  );
  return {
    message: `Refinery: this run will cost up to about ${formatUsd(estimate.totalUsd)}${estimate.unpriced.length > 0 ? ' plus calls whose price is unknown' : ''} (${count(calls)} calls, ~${count(inputTokens)} input + ≤${count(outputTokens)} output tokens). Run it?`,
    detail: lines.join('\n'),
  };
}
