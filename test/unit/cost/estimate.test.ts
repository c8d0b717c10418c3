import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE, estimateRunCost, estimateTokens, findPrice } from '../../../src/core/cost';

describe('estimateTokens', () => {
  it('counts about one token per four characters, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('x'.repeat(400))).toBe(100);
  });
});

describe('estimateRunCost', () => {
  it('sums estimated input tokens and budgeted output tokens over the calls', () => {
    const price = findPrice(DEFAULT_PRICE_TABLE, 'groq/llama-3.1-8b-instant');
    const calls = [
      { inputText: 'x'.repeat(400), outputTokens: 50 },
      { inputText: 'y'.repeat(400), outputTokens: 50 },
    ];
    // 200 input tokens × 0.05 / 1e6 = 0.00001; 100 output tokens × 0.08 / 1e6 = 0.000008
    expect(estimateRunCost(price, calls)).toEqual({
      inputUsd: 0.00001,
      cachedInputUsd: 0,
      outputUsd: 0.000008,
      totalUsd: 0.000018,
    });
  });

  it('returns null when the model has no price', () => {
    expect(estimateRunCost(undefined, [{ inputText: 'hello', outputTokens: 10 }])).toBeNull();
  });
});
