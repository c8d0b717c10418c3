import { computeCost, type CostBreakdown } from './compute-cost';
import type { ModelPrice } from './price-table';

const CHARS_PER_TOKEN = 4;

/**
 * A rough token count: about 4 characters per token for English text with BPE tokenizers.
 * An estimate only (code, non-Latin scripts and numbers tokenize denser); used for cost
 * estimates before a run, until a real tokenizer per model family replaces it.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export interface EstimatedCall {
  /** The rendered prompt text sent (all messages joined). */
  inputText: string;
  /** The output tokens to budget for, e.g. the prompt's `maxOutputTokens`: an upper bound. */
  outputTokens: number;
}

/** Estimated cost of a batch of calls on one model; `null` when the model's price is unknown. */
export function estimateRunCost(price: ModelPrice | undefined, calls: Iterable<EstimatedCall>): CostBreakdown | null {
  if (!price) return null;
  let inputTokens = 0;
  let outputTokens = 0;
  for (const call of calls) {
    inputTokens += estimateTokens(call.inputText);
    outputTokens += call.outputTokens;
  }
  return computeCost(price, { inputTokens, outputTokens, cachedInputTokens: 0 });
}
