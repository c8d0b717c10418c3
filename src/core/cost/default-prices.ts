import type { ModelPrice, PriceTable } from './price-table';

/** When the defaults below were checked. Prices drift: users override them in settings. */
export const DEFAULT_PRICES_AS_OF = '2026-11';

function groq(inputPerMillion: number, outputPerMillion: number): ModelPrice {
  return {
    inputPerMillion,
    outputPerMillion,
    // 2026-11: Groq discounts cached input tokens but we found no per-model figure;
    // assume 50 % of the input price until a published one replaces it.
    cachedInputPerMillion: inputPerMillion / 2,
    asOf: DEFAULT_PRICES_AS_OF,
  };
}

function cerebrasEstimate(inputPerMillion: number, outputPerMillion: number): ModelPrice {
  return {
    inputPerMillion,
    outputPerMillion,
    // 2026-11: no cache discount is documented, so cached tokens are charged at the input price.
    asOf: DEFAULT_PRICES_AS_OF,
    estimate: true,
    note: 'No official Cerebras price page was found; plausible figures, override them in settings.',
  };
}

/** USD per 1M tokens. Groq figures from its price page; Cerebras figures are estimates. */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  'groq/llama-3.1-8b-instant': groq(0.05, 0.08),
  'groq/llama-3.3-70b-versatile': groq(0.59, 0.79),
  'groq/openai/gpt-oss-120b': groq(0.15, 0.6),
  'groq/openai/gpt-oss-20b': groq(0.075, 0.3),

  'cerebras/gpt-oss-120b': cerebrasEstimate(0.35, 0.75),
  'cerebras/llama3.1-8b': cerebrasEstimate(0.1, 0.1),
  'cerebras/llama-3.3-70b': cerebrasEstimate(0.85, 1.2),
  'cerebras/qwen-3-32b': cerebrasEstimate(0.4, 0.8),
  'cerebras/qwen-3-235b-a22b-instruct-2507': cerebrasEstimate(0.6, 1.2),

  // The offline simulator costs nothing.
  'sim/*': { inputPerMillion: 0, outputPerMillion: 0, cachedInputPerMillion: 0, asOf: DEFAULT_PRICES_AS_OF },
};
