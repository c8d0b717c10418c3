export {
  findPrice,
  mergePriceTables,
  modelPriceSchema,
  priceTableSchema,
  roundUsd,
  validatePriceTable,
  type ModelPrice,
  type PriceTable,
  type PriceTableValidation,
} from './price-table';
export { DEFAULT_PRICE_TABLE, DEFAULT_PRICES_AS_OF } from './default-prices';
export { computeCost, type CostBreakdown } from './compute-cost';
export { sumCosts } from './sum-costs';
export { describePrice, formatPerMillion } from './describe-price';
export { estimateCallsCost, type EstimatedCalls } from './estimate';
export { encodingForModel, loadedTokenCounter, loadTokenCounter, type TokenCounter, type TokenizerEncoding } from './token-counter';
