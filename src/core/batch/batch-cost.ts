import { computeCost, roundUsd, type ModelPrice } from '../cost';
import type { CellRecord } from '../model';
import { storedBatchDiscount, type RunConfig } from '../model/run-config';
import type { TokenUsage } from '../providers/types';

/** A batch line's cost: the live price less the provider's batch discount; null when the price is unknown. */
export function batchCostUsd(price: ModelPrice | undefined, usage: TokenUsage, discount: number): number | null {
  const live = computeCost(price, usage);
  return live === null ? null : roundUsd(live.totalUsd * (1 - discount));
}

/**
 * The discount a stored cell's cost is at: that of its model in a batch run, for an answer folded
 * from a batch line (which has no latency of its own, see `foldBatchResults`). null for a live
 * run, for a cell re-run live (`refinery run --resume`: live price), for a failed cell (no cost),
 * and for a batch run stored before its discounts were kept.
 */
export function cellBatchDiscount(config: RunConfig, modelId: string, cell: Pick<CellRecord, 'status' | 'latencyMs'>): number | null {
  if (cell.status !== 'completed' || cell.latencyMs !== null) return null;
  return storedBatchDiscount(config, modelId) ?? null;
}
