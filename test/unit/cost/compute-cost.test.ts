import { describe, expect, it } from 'vitest';
import { computeCost, DEFAULT_PRICE_TABLE, findPrice, type ModelPrice } from '../../../src/core/cost';

const defaultPrice = (modelId: string): ModelPrice => {
  const price = findPrice(DEFAULT_PRICE_TABLE, modelId);
  if (!price) throw new Error(`no default price for ${modelId}`);
  return price;
};

/** A small model's price: $0.05 in / $0.08 out per 1M tokens. */
const small: ModelPrice = { inputPerMillion: 0.05, outputPerMillion: 0.08 };

describe('computeCost', () => {
  it('charges input and output tokens per million at the model price', () => {
    // 1234 × 0.05 / 1e6 = 0.0000617; 567 × 0.08 / 1e6 = 0.00004536
    expect(
      computeCost(small, { inputTokens: 1234, outputTokens: 567, cachedInputTokens: 0 }),
    ).toEqual({ inputUsd: 0.0000617, cachedInputUsd: 0, outputUsd: 0.00004536, totalUsd: 0.00010706 });
  });

  it('charges cached tokens, a subset of the input tokens, at the cached price', () => {
    // gpt-oss-120b 0.15 / 0.60, cached 0.075: (10000 − 4000) × 0.15 = 900 µ$, 4000 × 0.075 = 300 µ$, 2000 × 0.6 = 1200 µ$
    expect(
      computeCost(defaultPrice('groq/openai/gpt-oss-120b'), { inputTokens: 10_000, outputTokens: 2000, cachedInputTokens: 4000 }),
    ).toEqual({ inputUsd: 0.0009, cachedInputUsd: 0.0003, outputUsd: 0.0012, totalUsd: 0.0024 });
  });

  it('handles a large call with a fractional cached price', () => {
    // 0.075 / 0.30, cached 0.0375: 800000 × 0.075 = 0.06; 200000 × 0.0375 = 0.0075; 333333 × 0.3 = 0.0999999
    const price: ModelPrice = { inputPerMillion: 0.075, outputPerMillion: 0.3, cachedInputPerMillion: 0.0375 };
    expect(computeCost(price, { inputTokens: 1_000_000, outputTokens: 333_333, cachedInputTokens: 200_000 })).toEqual({
      inputUsd: 0.06,
      cachedInputUsd: 0.0075,
      outputUsd: 0.0999999,
      totalUsd: 0.1674999,
    });
  });

  it('charges gpt-oss-20b cached tokens in full: Groq publishes no cache price for it', () => {
    // 0.075 / 0.30: 1000000 × 0.075 = 0.075 (200000 of them cached, same price); 333333 × 0.3 = 0.0999999
    expect(
      computeCost(defaultPrice('groq/openai/gpt-oss-20b'), { inputTokens: 1_000_000, outputTokens: 333_333, cachedInputTokens: 200_000 }),
    ).toEqual({ inputUsd: 0.06, cachedInputUsd: 0.015, outputUsd: 0.0999999, totalUsd: 0.1749999 });
  });

  it('rounds away float noise so totals compare exactly', () => {
    const rawFloatTotal = (1234 * 0.05) / 1e6 + (567 * 0.08) / 1e6;
    expect(rawFloatTotal).not.toBe(0.00010706); // the premise: plain float arithmetic is off
    const cost = computeCost(small, {
      inputTokens: 1234,
      outputTokens: 567,
      cachedInputTokens: 0,
    });
    expect(cost?.totalUsd).toBe(0.00010706);
    // 333333 × 0.3 / 1e6 is 0.09999989999999999 in floats
    const output = computeCost(defaultPrice('groq/openai/gpt-oss-20b'), {
      inputTokens: 0,
      outputTokens: 333_333,
      cachedInputTokens: 0,
    });
    expect(output?.outputUsd).toBe(0.0999999);
  });

  it('prices tiny calls to the micro-dollar', () => {
    // 3 × 0.59 / 1e6 = 0.00000177; 7 × 0.79 / 1e6 = 0.00000553
    const cost = computeCost({ inputPerMillion: 0.59, outputPerMillion: 0.79 }, {
      inputTokens: 3,
      outputTokens: 7,
      cachedInputTokens: 0,
    });
    expect(cost).toEqual({ inputUsd: 0.00000177, cachedInputUsd: 0, outputUsd: 0.00000553, totalUsd: 0.0000073 });
  });

  it('charges cached tokens at the input price when the price gives no cached figure', () => {
    const price: ModelPrice = { inputPerMillion: 1, outputPerMillion: 2 };
    expect(computeCost(price, { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 400 })).toEqual({
      inputUsd: 0.0006,
      cachedInputUsd: 0.0004,
      outputUsd: 0.0002,
      totalUsd: 0.0012,
    });
  });

  it('returns null for an unknown price instead of pretending the call was free', () => {
    expect(computeCost(undefined, { inputTokens: 10, outputTokens: 10, cachedInputTokens: 0 })).toBeNull();
  });

  it('prices the simulator at zero, which is a known cost', () => {
    expect(computeCost(defaultPrice('sim/echo'), { inputTokens: 500, outputTokens: 500, cachedInputTokens: 100 })).toEqual({
      inputUsd: 0,
      cachedInputUsd: 0,
      outputUsd: 0,
      totalUsd: 0,
    });
  });

  it('never charges a negative uncached count when a provider reports more cached than input tokens', () => {
    const price: ModelPrice = { inputPerMillion: 1, outputPerMillion: 1, cachedInputPerMillion: 0.5 };
    expect(computeCost(price, { inputTokens: 100, outputTokens: 0, cachedInputTokens: 200 })).toEqual({
      inputUsd: 0,
      cachedInputUsd: 0.0001,
      outputUsd: 0,
      totalUsd: 0.0001,
    });
  });
});
