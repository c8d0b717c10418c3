import { computeCost, roundUsd, type ModelPrice } from '../cost';
import type { TokenUsage } from '../providers/types';

/** A batch line's cost: the live price less the provider's batch discount; null when the price is unknown. */
export function batchCostUsd(price: ModelPrice | undefined, usage: TokenUsage, discount: number): number | null {
  const live = computeCost(price, usage);
  return live === null ? null : roundUsd(live.totalUsd * (1 - discount));
}
