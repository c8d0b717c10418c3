import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRICE_TABLE,
  DEFAULT_PRICES_AS_OF,
  findPrice,
  mergePriceTables,
  priceTableSchema,
  validatePriceTable,
  type PriceTable,
} from '../../../src/core/cost';

describe('default price table', () => {
  it('is itself a valid price table, every entry dated 2026-12-07 and, for a provider, sourced', () => {
    expect(priceTableSchema.safeParse(DEFAULT_PRICE_TABLE).success).toBe(true);
    expect(DEFAULT_PRICES_AS_OF).toBe('2026-12-07');
    for (const [modelId, price] of Object.entries(DEFAULT_PRICE_TABLE)) {
      expect(price.asOf).toBe('2026-12-07');
      if (!modelId.startsWith('sim/')) expect(price.source).toMatch(/^https:\/\//);
    }
  });

  it("carries Groq's published prices, with a cached price only where Groq publishes one", () => {
    expect(findPrice(DEFAULT_PRICE_TABLE, 'groq/openai/gpt-oss-120b')).toMatchObject({ inputPerMillion: 0.15, outputPerMillion: 0.6, cachedInputPerMillion: 0.075 });
    expect(findPrice(DEFAULT_PRICE_TABLE, 'groq/openai/gpt-oss-20b')).toMatchObject({ inputPerMillion: 0.075, outputPerMillion: 0.3 });
    expect(findPrice(DEFAULT_PRICE_TABLE, 'groq/openai/gpt-oss-20b')?.cachedInputPerMillion).toBeUndefined();
    for (const modelId of ['groq/openai/gpt-oss-120b', 'groq/openai/gpt-oss-20b']) expect(findPrice(DEFAULT_PRICE_TABLE, modelId)?.estimate).toBeUndefined();
  });

  it('flags every Cerebras price as unconfirmed', () => {
    const cerebras = Object.entries(DEFAULT_PRICE_TABLE).filter(([modelId]) => modelId.startsWith('cerebras/'));
    expect(cerebras.map(([modelId]) => modelId)).toEqual(['cerebras/gpt-oss-120b']);
    for (const [, price] of cerebras) expect(price.estimate).toBe(true);
  });

  it('leaves retired models out, so their cost shows as unknown rather than at an old price', () => {
    for (const retired of ['groq/llama-3.1-8b-instant', 'groq/llama-3.3-70b-versatile', 'cerebras/llama3.1-8b', 'cerebras/llama-3.3-70b', 'cerebras/qwen-3-32b']) {
      expect(findPrice(DEFAULT_PRICE_TABLE, retired)).toBeUndefined();
    }
  });

  it('makes every simulator model free', () => {
    expect(findPrice(DEFAULT_PRICE_TABLE, 'sim/anything')).toMatchObject({ inputPerMillion: 0, outputPerMillion: 0 });
  });
});

describe('findPrice', () => {
  const table: PriceTable = {
    'ollama/*': { inputPerMillion: 0, outputPerMillion: 0 },
    'ollama/paid-model': { inputPerMillion: 1, outputPerMillion: 2 },
    'groq/openai/gpt-oss-120b': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  };

  it('prefers an exact model id over the provider wildcard', () => {
    expect(findPrice(table, 'ollama/paid-model')?.inputPerMillion).toBe(1);
  });

  it('falls back to the provider wildcard', () => {
    expect(findPrice(table, 'ollama/llama3.2:3b')?.inputPerMillion).toBe(0);
  });

  it('matches model names that contain a slash', () => {
    expect(findPrice(table, 'groq/openai/gpt-oss-120b')?.outputPerMillion).toBe(0.6);
  });

  it('returns undefined for unknown models and never reads inherited object keys', () => {
    expect(findPrice(table, 'groq/unknown-model')).toBeUndefined();
    expect(findPrice(table, 'no-provider')).toBeUndefined();
    expect(findPrice(table, 'constructor')).toBeUndefined();
    expect(findPrice(table, '__proto__/x')).toBeUndefined();
    expect(findPrice({}, 'toString')).toBeUndefined();
  });
});

describe('mergePriceTables', () => {
  it('replaces overridden entries whole, adds new ones, and leaves the defaults untouched', () => {
    const before = structuredClone(DEFAULT_PRICE_TABLE);
    const merged = mergePriceTables(DEFAULT_PRICE_TABLE, {
      'cerebras/gpt-oss-120b': { inputPerMillion: 0.25, outputPerMillion: 0.69, asOf: '2026-12' },
      'vllm/*': { inputPerMillion: 0, outputPerMillion: 0 },
    });
    expect(merged['cerebras/gpt-oss-120b']).toEqual({ inputPerMillion: 0.25, outputPerMillion: 0.69, asOf: '2026-12' });
    expect(findPrice(merged, 'vllm/qwen')).toEqual({ inputPerMillion: 0, outputPerMillion: 0 });
    expect(merged['groq/openai/gpt-oss-20b']).toEqual(DEFAULT_PRICE_TABLE['groq/openai/gpt-oss-20b']);
    expect(DEFAULT_PRICE_TABLE).toEqual(before);
  });

  it('applies later overrides over earlier ones', () => {
    const merged = mergePriceTables(
      {},
      { 'a/b': { inputPerMillion: 1, outputPerMillion: 1 } },
      { 'a/b': { inputPerMillion: 2, outputPerMillion: 2 } },
    );
    expect(merged['a/b']?.inputPerMillion).toBe(2);
  });
});

describe('validatePriceTable', () => {
  it('accepts a well-formed override table', () => {
    const result = validatePriceTable({
      'groq/llama-3.1-8b-instant': { inputPerMillion: 0.05, outputPerMillion: 0.08, cachedInputPerMillion: 0.025 },
      'lmstudio/*': { inputPerMillion: 0, outputPerMillion: 0, note: 'local' },
    });
    expect(result.ok).toBe(true);
  });

  it('names the model and field of each problem', () => {
    const result = validatePriceTable({
      'groq/x': { inputPerMillion: -1, outputPerMillion: 0.1 },
      'groq/y': { inputPerMillion: 0.1 },
      'groq/z': { inputPerMillion: 0.1, outputPerMillion: '0.2' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(3);
    expect(result.problems[0]).toMatch(/^groq\/x\.inputPerMillion: /);
    expect(result.problems[1]).toMatch(/^groq\/y\.outputPerMillion: /);
    expect(result.problems[2]).toMatch(/^groq\/z\.outputPerMillion: /);
  });

  it('rejects keys that are not provider/model ids', () => {
    const result = validatePriceTable({ 'gpt-4': { inputPerMillion: 1, outputPerMillion: 1 } });
    expect(result).toEqual({ ok: false, problems: [expect.stringContaining('expected a model id like')] });
  });

  it('rejects misspelled fields instead of silently ignoring them', () => {
    const result = validatePriceTable({ 'groq/x': { input: 1, inputPerMillion: 1, outputPerMillion: 1 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toContain('input');
  });

  it('rejects a bad date and a value that is not a table', () => {
    expect(validatePriceTable({ 'a/b': { inputPerMillion: 1, outputPerMillion: 1, asOf: 'November' } }).ok).toBe(false);
    expect(validatePriceTable([1, 2]).ok).toBe(false);
    expect(validatePriceTable(null).ok).toBe(false);
  });
});
