import type { CellRecord } from '../model';
import { storedBatchDiscount, type RunConfig } from '../model/run-config';

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
