import type { RunEstimate } from '../core/run';
import { formatUsd } from '../core/stats';

/** The `--estimate` report: one line per model, then the total, labelled as an estimate. */
export function formatEstimate(estimate: RunEstimate): string {
  const lines = estimate.models.map(
    (m) => `  ${m.modelId}: ${m.calls} calls, ~${m.inputTokens} input + ≤${m.outputTokens} output tokens, ${m.costUsd === null ? 'no price' : formatUsd(m.costUsd)}`,
  );
  const unpriced = estimate.unpriced.length > 0 ? ` (without ${estimate.unpriced.join(', ')}: no price)` : '';
  return [
    'estimated cost (input ≈ characters/4 tokens, output at maxOutputTokens; grader calls not included):',
    ...lines,
    `  total: at most about ${formatUsd(estimate.totalUsd)}${unpriced}`,
  ].join('\n');
}
