import type { CallsEstimate, RunEstimate } from '../core/run';
import { formatUsd, PRICE_UNKNOWN } from '../core/stats';

function callsLine(label: string, e: CallsEstimate): string {
  const cost = e.costUsd === null ? PRICE_UNKNOWN : formatUsd(e.costUsd);
  return `  ${label}: ${e.calls} calls, ~${e.inputTokens} input + ≤${e.outputTokens} output tokens (${e.encoding}), ${cost}`;
}

/** Never `$0` for models whose price is unknown: they are named instead. */
function totalText(estimate: RunEstimate): string {
  const unpriced = estimate.unpriced.join(', ');
  const anyPriced = [...estimate.models, ...estimate.graders].some((e) => e.costUsd !== null);
  if (!anyPriced && unpriced) return `${PRICE_UNKNOWN} (${unpriced})`;
  const total = `at most about ${formatUsd(estimate.totalUsd)}`;
  return unpriced ? `${total} for the priced models, plus ${unpriced}: ${PRICE_UNKNOWN}` : total;
}

/** The `--estimate` report: one line per model and per grader, then the total, labelled as an estimate. */
export function formatEstimate(estimate: RunEstimate): string {
  return [
    'estimated cost (input counted with a tokenizer, output at maxOutputTokens):',
    ...estimate.models.map((m) => callsLine(m.modelId, m)),
    ...estimate.graders.map((g) => callsLine(`grader ${g.grader} on ${g.modelId}`, g)),
    `  total: ${totalText(estimate)}`,
  ].join('\n');
}
