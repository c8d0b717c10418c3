export * from './types';
export { MissingKeyError } from './missing-key-error';
export { createProviderRegistry, type ProviderRegistry, type ProviderRegistryOptions, type ResolvedModel } from './registry';
export { describeUse, findMissingKeys, listWords, missingKeysError, modelUses, type MissingKey, type ModelUse } from './missing-keys';
export { parseModelId, type ParsedModelId } from './model-id';
export { imageInputOf, imageModels, type ImageInput } from './image-input';
export {
  createOpenAICompatibleProvider,
  openAICompatibleEndpointSchema,
  RESERVED_PROVIDER_IDS,
  type OpenAICompatibleEndpoint,
  type OpenAICompatibleProviderOptions,
} from './openai-compatible';
export { createGroqProvider, GROQ_DEFAULT_BASE_URL, type GroqProviderOptions } from './groq';
export { createCerebrasProvider, CEREBRAS_DEFAULT_BASE_URL, type CerebrasProviderOptions } from './cerebras';
export { createSimProvider, estimateTokens, simulatedAnswer, type SimProviderOptions } from './sim';
export { createPooledHttp, type PooledHttp, type PooledHttpOptions } from './http';
export { toProviderError, type FailureContext } from './errors';
export { dialectForBaseUrl, headerLookup, parseDurationMs, parseRateLimitHeaders, parseRetryAfterMs, type HeaderLookup, type RateLimitDialect } from './rate-limit-headers';
