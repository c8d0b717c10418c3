import type { BatchOffer } from './batch-offers';
import { roundUsd } from '../cost';
import type { RunEstimate } from '../run';
import { formatUsd, PRICE_UNKNOWN } from '../stats';
import { formatDiscount } from '../../shared/stats/percent';

/** What the run costs at most as a batch: each model at its batch discount, graders live. */
export function batchTotalUsd(estimate: RunEstimate, offers: ReadonlyMap<string, BatchOffer>): number {
  let total = estimate.totalUsd;
  for (const model of estimate.models) {
    const offer = offers.get(model.modelId);
    if (offer && model.costUsd !== null) total -= model.costUsd * offer.discount;
  }
  return roundUsd(Math.max(0, total));
}

/**
 * The `--batch` lines under the estimate: each model's cost live and at its batch discount, the
 * window the results come within, and the total both ways (graders run live, at full price).
 */
export function formatBatchEstimate(estimate: RunEstimate, offers: ReadonlyMap<string, BatchOffer>): string {
  const lines = ['as a batch (graders run live, at full price):'];
  for (const model of estimate.models) {
    const offer = offers.get(model.modelId);
    if (!offer) continue;
    if (model.costUsd === null) {
      lines.push(`  ${model.modelId}: ${PRICE_UNKNOWN} live and as a batch; results within ${offer.completionWindow}`);
      continue;
    }
    const batchUsd = roundUsd(model.costUsd * (1 - offer.discount));
    const basis = offer.preview
      ? `${formatDiscount(offer.discount)} (preview: the discount set in your settings)`
      : offer.asOf
        ? `${formatDiscount(offer.discount)}, ${offer.providerId}'s batch price as of ${offer.asOf}`
        : `${formatDiscount(offer.discount)}, the discount set in your settings`;
    lines.push(`  ${model.modelId}: ${formatUsd(model.costUsd)} live → ${formatUsd(batchUsd)} as a batch (${basis}); results within ${offer.completionWindow}`);
  }
  lines.push(`  total: at most about ${formatUsd(estimate.totalUsd)} live, ${formatUsd(batchTotalUsd(estimate, offers))} as a batch`);
  return lines.join('\n');
}
