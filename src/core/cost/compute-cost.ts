import type { TokenUsage } from '../providers/types';
import { roundUsd, type ModelPrice } from './price-table';

export interface CostBreakdown {
  totalUsd: number;
  /** Uncached input tokens at the input price. */
  inputUsd: number;
  cachedInputUsd: number;
  outputUsd: number;
}

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/**
 * Cost of one call, each part rounded to 1e-10 USD. Cached tokens are a subset of the input
 * tokens: (input − cached) pay the input price, cached pay the cached price (the input price
 * when the table gives none). `null` when the price is unknown — an unknown cost is never 0.
 */
export function computeCost(price: ModelPrice | undefined, usage: TokenUsage): CostBreakdown | null {
  if (!price) return null;
  const cachedTokens = Math.max(0, usage.cachedInputTokens);
  const uncachedTokens = Math.max(0, usage.inputTokens - cachedTokens);
  const cachedPrice = price.cachedInputPerMillion ?? price.inputPerMillion;

  const inputUsd = roundUsd((uncachedTokens * price.inputPerMillion) / TOKENS_PER_PRICE_UNIT);
  const cachedInputUsd = roundUsd((cachedTokens * cachedPrice) / TOKENS_PER_PRICE_UNIT);
  const outputUsd = roundUsd((Math.max(0, usage.outputTokens) * price.outputPerMillion) / TOKENS_PER_PRICE_UNIT);
  return { totalUsd: roundUsd(inputUsd + cachedInputUsd + outputUsd), inputUsd, cachedInputUsd, outputUsd };
}
