/**
 * Whether a run must be confirmed before it starts, and the modal's text (pure, unit-tested).
 * Asked when the estimate is above `refinery.confirmCostAboveUsd`; an estimate of $0 (only
 * unpriced or free models) never asks.
 */
import type { RunEstimate } from '../../core/run/estimate-run';
import { formatUsd } from '../../core/stats/format-table';

export interface CostConfirmation {
  message: string;
  detail: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

export function costConfirmation(estimate: RunEstimate, thresholdUsd: number): CostConfirmation | undefined {
  if (estimate.totalUsd <= 0 || estimate.totalUsd <= thresholdUsd) return undefined;
  const calls = estimate.models.reduce((sum, m) => sum + m.calls, 0);
  const inputTokens = estimate.models.reduce((sum, m) => sum + m.inputTokens, 0);
  const outputTokens = estimate.models.reduce((sum, m) => sum + m.outputTokens, 0);
  const lines = estimate.models.map(
    (m) => `${m.modelId}: ${count(m.calls)} calls, ~${count(m.inputTokens)} in + ≤${count(m.outputTokens)} out tokens, ${m.costUsd === null ? 'no price' : formatUsd(m.costUsd)}`,
  );
  if (estimate.unpriced.length > 0) lines.push(`Not counted (no price): ${estimate.unpriced.join(', ')}.`);
  lines.push(
    '',
    'Input ≈ characters / 4 tokens, output at maxOutputTokens (an upper bound); grader calls are not included.',
    `Asked because the estimate is above refinery.confirmCostAboveUsd (${formatUsd(thresholdUsd)}).`,
  );
  return {
    message: `Refinery: this run will cost up to about ${formatUsd(estimate.totalUsd)} (${count(calls)} calls, ~${count(inputTokens)} input + ≤${count(outputTokens)} output tokens). Run it?`,
    detail: lines.join('\n'),
  };
}
