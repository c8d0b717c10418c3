import { computeCost, type CostBreakdown } from './compute-cost';
import type { ModelPrice } from './price-table';

export interface EstimatedCalls {
  inputTokens: number;
  /** The output tokens budgeted, e.g. `maxOutputTokens` per call: an upper bound. */
  outputTokens: number;
}

/** Estimated cost of a batch of calls on one model; `null` when the model's price is unknown. */
export function estimateCallsCost(price: ModelPrice | undefined, calls: EstimatedCalls): CostBreakdown | null {
  if (!price) return null;
  return computeCost(price, { inputTokens: calls.inputTokens, outputTokens: calls.outputTokens, cachedInputTokens: 0 });
}
