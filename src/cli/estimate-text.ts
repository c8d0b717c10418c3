import type { CallsEstimate, RunEstimate } from '../core/run';
import { formatUsd } from '../core/stats';

function callsLine(label: string, e: CallsEstimate): string {
  const cost = e.costUsd === null ? 'no price' : formatUsd(e.costUsd);
  return `  ${label}: ${e.calls} calls, ~${e.inputTokens} input + ≤${e.outputTokens} output tokens (${e.encoding}), ${cost}`;
}

/** The `--estimate` report: one line per model and per grader, then the total, labelled as an estimate. */
export function formatEstimate(estimate: RunEstimate): string {
  const unpriced = estimate.unpriced.length > 0 ? ` (without ${estimate.unpriced.join(', ')}: no price)` : '';
  return [
    'estimated cost (input counted with a tokenizer, output at maxOutputTokens):',
    ...estimate.models.map((m) => callsLine(m.modelId, m)),
    ...estimate.graders.map((g) => callsLine(`grader ${g.grader} on ${g.modelId}`, g)),
    `  total: at most about ${formatUsd(estimate.totalUsd)}${unpriced}`,
  ].join('\n');
}
