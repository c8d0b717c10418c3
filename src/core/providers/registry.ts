import { UserError, type ErrorLocation } from '../errors';
import { createHash } from 'node:crypto';
import { MissingKeyError } from './missing-key-error';
import { CEREBRAS_DEFAULT_BASE_URL, createCerebrasProvider } from './cerebras';
import { createGroqProvider, GROQ_DEFAULT_BASE_URL } from './groq';
import { createPooledHttp, type PooledHttp, type PooledHttpOptions } from './http';
import { parseModelId } from './model-id';
import { createOpenAICompatibleProvider, type OpenAICompatibleEndpoint } from './openai-compatible';
import { createSimProvider } from './sim';
import { withStructuredOutputFallback } from './structured-output-fallback';
import type { Provider } from './types';

export interface ProviderRegistryOptions {
  /** Where `GROQ_API_KEY`, `CEREBRAS_API_KEY`, base URLs and endpoint keys are read; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Provider id → key (e.g. from VS Code SecretStorage); wins over `env`. */
  keys?: Record<string, string | undefined>;
  baseUrls?: { groq?: string; cerebras?: string };
  endpoints?: OpenAICompatibleEndpoint[];
  simLatencyMs?: number;
  /** Read answers as SSE on every network provider. */
  stream?: boolean;
  http?: PooledHttpOptions;
}

export interface ResolvedModel {
  provider: Provider;
  providerId: string;
  model: string;
  /** Who the provider counts requests against: the provider, its endpoint and a fingerprint of the key (never the key). */
  account: string;
}

export interface ProviderRegistry {
  /** `location` (the file and line naming the model) is attached to the errors it throws. */
  resolve(modelId: string, location?: ErrorLocation): ResolvedModel;
  /** The provider behind an id, created on first use; throws a UserError when it is unknown or its key is missing. */
  provider(providerId: string, location?: ErrorLocation): Provider;
  knownProviders(): string[];
  /** Providers whose models can be listed now: groq and cerebras when their key is set, and every declared endpoint. */
  listableProviders(): string[];
  /** Closes every provider created so far and the shared connection pool. */
  close(): Promise<void>;
}

interface KeyedProvider {
  keyName: string;
  keyUrl: string;
}

const BUILT_IN_KEYS: Record<'groq' | 'cerebras', KeyedProvider> = {
  groq: { keyName: 'GROQ_API_KEY', keyUrl: 'https://console.groq.com/keys' },
  cerebras: { keyName: 'CEREBRAS_API_KEY', keyUrl: 'https://cloud.cerebras.ai' },
};

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * The account a provider's limits are counted against, for sharing rate budgets between runs:
 * the same provider, endpoint and key. The key enters only as a short hash, kept in memory.
 */
function accountId(providerId: string, baseUrl: string, apiKey: string | undefined): string {
  const key = apiKey === undefined ? 'no-key' : createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
  return `${providerId} ${baseUrl} ${key}`;
}

interface ProviderEntry {
  provider: Provider;
  /** See `accountId`. */
  account: string;
}

/** Creates providers lazily, one per provider id, all sharing one connection pool. */
export function createProviderRegistry(options: ProviderRegistryOptions = {}): ProviderRegistry {
  const env = options.env ?? process.env;
  const keys = options.keys ?? {};
  const endpoints = new Map<string, OpenAICompatibleEndpoint>();
  for (const endpoint of options.endpoints ?? []) if (!endpoints.has(endpoint.id)) endpoints.set(endpoint.id, endpoint);
  const providers = new Map<string, ProviderEntry>();
  let http: PooledHttp | undefined;

  const sharedHttp = (): PooledHttp => (http ??= createPooledHttp(options.http));
  const knownProviders = (): string[] => ['groq', 'cerebras', 'sim', ...endpoints.keys()];

  const keyFor = (providerId: string, keyName: string | undefined): string | undefined =>
    nonEmpty(keys[providerId]) ?? (keyName ? nonEmpty(env[keyName]) : undefined);

  /** `neededFor`: what the key is for, in the error (`groq/openai/gpt-oss-20b`, `listing groq's models`). */
  const requireKey = (providerId: string, keyName: string, fix: string, neededFor: string, location: ErrorLocation): string => {
    const key = keyFor(providerId, keyName);
    if (key === undefined) {
      throw new MissingKeyError(providerId, keyName, `${keyName} is not set (needed for ${neededFor})`, location, fix);
    }
    return key;
  };

  /** `modelId`: the model the provider is created for; undefined when it is created to list its models. */
  const create = (providerId: string, modelId: string | undefined, location: ErrorLocation): ProviderEntry => {
    const neededFor = modelId ?? `listing ${providerId}'s models`;
    if (providerId === 'sim') return { provider: createSimProvider({ latencyMs: options.simLatencyMs }), account: 'sim' };
    if (providerId === 'groq' || providerId === 'cerebras') {
      const { keyName, keyUrl } = BUILT_IN_KEYS[providerId];
      const apiKey = requireKey(providerId, keyName, `export ${keyName}=… (create a key at ${keyUrl}), or use sim/echo to try without keys`, neededFor, location);
      if (providerId === 'groq') {
        const baseUrl = options.baseUrls?.groq ?? nonEmpty(env.GROQ_BASE_URL);
        return { provider: createGroqProvider({ apiKey, baseUrl, http: sharedHttp(), stream: options.stream }), account: accountId(providerId, baseUrl ?? GROQ_DEFAULT_BASE_URL, apiKey) };
      }
      const baseUrl = options.baseUrls?.cerebras ?? nonEmpty(env.CEREBRAS_BASE_URL);
      return { provider: createCerebrasProvider({ apiKey, baseUrl, http: sharedHttp(), stream: options.stream }), account: accountId(providerId, baseUrl ?? CEREBRAS_DEFAULT_BASE_URL, apiKey) };
    }
    const endpoint = endpoints.get(providerId);
    if (!endpoint) {
      throw new UserError(
        'provider.unknown',
        `unknown provider "${providerId}"${modelId === undefined ? '' : ` in model id "${modelId}"`} (known providers: ${knownProviders().join(', ')})`,
        location,
        'use one of the known providers, e.g. groq/openai/gpt-oss-20b or sim/echo, or declare an OpenAI-compatible endpoint { id, baseUrl, apiKeyEnv? } in the refinery.endpoints setting',
      );
    }
    const apiKey = endpoint.apiKeyEnv
      ? requireKey(
          providerId,
          endpoint.apiKeyEnv,
          `export ${endpoint.apiKeyEnv}=…, or remove apiKeyEnv from endpoint "${endpoint.id}" if ${endpoint.baseUrl} needs no key`,
          neededFor,
          location,
        )
      : nonEmpty(keys[providerId]);
    return { provider: createOpenAICompatibleProvider({ endpoint, apiKey, http: sharedHttp(), stream: options.stream }), account: accountId(providerId, endpoint.baseUrl, apiKey) };
  };

  const providerFor = (providerId: string, modelId: string | undefined, location: ErrorLocation): ProviderEntry => {
    let entry = providers.get(providerId);
    if (!entry) {
      const created = create(providerId, modelId, location);
      entry = { provider: withStructuredOutputFallback(created.provider), account: created.account };
      providers.set(providerId, entry);
    }
    return entry;
  };

  return {
    resolve(modelId, location = {}) {
      const { providerId, model } = parseModelId(modelId, location);
      const entry = providerFor(providerId, modelId, location);
      return { provider: entry.provider, providerId, model, account: entry.account };
    },
    provider: (providerId, location = {}) => providerFor(providerId, undefined, location).provider,
    knownProviders,
    listableProviders: () => [
      ...(['groq', 'cerebras'] as const).filter((providerId) => keyFor(providerId, BUILT_IN_KEYS[providerId].keyName) !== undefined),
      ...endpoints.keys(),
    ],
    async close() {
      const closing = [...providers.values()].flatMap(({ provider }) => (provider.close ? [provider.close()] : []));
      providers.clear();
      await Promise.all(closing);
      const pool = http;
      http = undefined;
      await pool?.close();
    },
  };
}
