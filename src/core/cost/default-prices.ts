import type { ModelPrice, PriceTable } from './price-table';

/**
 * When the defaults below were checked. Prices and model lists drift (providers retire models
 * every few months): users override prices in settings, and `refinery models` lists what each
 * provider serves today.
 */
export const DEFAULT_PRICES_AS_OF = '2026-12-07';

const GROQ_MODELS_PAGE = 'https://console.groq.com/docs/models';
const GROQ_PRICING_PAGE = 'https://groq.com/pricing';

function groq(inputPerMillion: number, outputPerMillion: number, cachedInputPerMillion?: number): ModelPrice {
  return {
    inputPerMillion,
    outputPerMillion,
    // Only a published cache price is used; without one, cached tokens are charged in full.
    ...(cachedInputPerMillion !== undefined && { cachedInputPerMillion }),
    asOf: DEFAULT_PRICES_AS_OF,
    source: cachedInputPerMillion === undefined ? GROQ_MODELS_PAGE : `${GROQ_MODELS_PAGE} (cached input: ${GROQ_PRICING_PAGE})`,
  };
}

function cerebrasUnconfirmed(inputPerMillion: number, outputPerMillion: number): ModelPrice {
  return {
    inputPerMillion,
    outputPerMillion,
    asOf: DEFAULT_PRICES_AS_OF,
    estimate: true,
    source: 'https://inference-docs.cerebras.ai/models/overview',
    note: 'Not confirmed on a Cerebras page: the figures come from public model catalogs. Override them in settings once you know your price.',
  };
}

/**
 * USD per 1M tokens, for models the providers serve as of `DEFAULT_PRICES_AS_OF` (retired ones
 * are left out: their cost shows as unknown). A model missing here is "price unknown", never $0.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  'groq/openai/gpt-oss-20b': groq(0.075, 0.3),
  'groq/openai/gpt-oss-120b': groq(0.15, 0.6, 0.075),

  'cerebras/gpt-oss-120b': cerebrasUnconfirmed(0.35, 0.75),

  // The offline simulator costs nothing.
  'sim/*': { inputPerMillion: 0, outputPerMillion: 0, cachedInputPerMillion: 0, asOf: DEFAULT_PRICES_AS_OF },
};
