import type { BatchOffer } from '../../batch/batch-offers';
import type { BatchClient } from '../../batch/types';
import { UserError } from '../../errors';
import type { OpenAICompatibleEndpoint } from '../endpoint-schema';
import { createGroqBatchClient } from './groq-batch-client';
import { createOpenAIBatchClient } from './openai-batch-client';

export interface BatchClientSources {
  /** Where keys and base URLs are read (`GROQ_API_KEY`, `GROQ_BASE_URL`, an endpoint's `apiKeyEnv`…). */
  env: Record<string, string | undefined>;
  /** Provider id → key (VS Code SecretStorage); wins over `env`. */
  keys?: Record<string, string | undefined>;
  endpoints: readonly OpenAICompatibleEndpoint[];
  /** Base URL overrides of the built-in providers (the editor's `refinery.baseUrls`); win over `env`. */
  baseUrls?: { groq?: string; cerebras?: string };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function keyOf(providerId: string, keyName: string | undefined, sources: BatchClientSources): string | undefined {
  return present(sources.keys?.[providerId]) ?? (keyName ? present(sources.env[keyName]) : undefined);
}

function missingKey(providerId: string, keyName: string): UserError {
  return new UserError('provider.missing-key', `${keyName} is not set (needed to track ${providerId}'s batches)`, {}, `export ${keyName}=… with the key the batches were submitted with`);
}

/** The batch client of an offer's provider, with the key and base URL live calls use. */
export function batchClientFor(offer: BatchOffer, sources: BatchClientSources): BatchClient {
  if (offer.flavour === 'groq') {
    const apiKey = keyOf('groq', 'GROQ_API_KEY', sources);
    if (!apiKey) throw missingKey('groq', 'GROQ_API_KEY');
    return createGroqBatchClient({ apiKey, baseUrl: present(sources.baseUrls?.groq) ?? present(sources.env.GROQ_BASE_URL) });
  }
  if (offer.flavour === 'cerebras') {
    const apiKey = keyOf('cerebras', 'CEREBRAS_API_KEY', sources);
    if (!apiKey) throw missingKey('cerebras', 'CEREBRAS_API_KEY');
    return createOpenAIBatchClient('cerebras', { apiKey, baseUrl: present(sources.baseUrls?.cerebras) ?? present(sources.env.CEREBRAS_BASE_URL), flavour: 'cerebras' });
  }
  const endpoint = sources.endpoints.find((e) => e.id === offer.providerId);
  if (!endpoint) throw new UserError('provider.unknown', `endpoint "${offer.providerId}" is no longer declared`, {}, 'declare it again in refinery.endpoints (or refinery.config.json) to track its batches');
  const apiKey = keyOf(endpoint.id, endpoint.apiKeyEnv, sources);
  if (endpoint.apiKeyEnv && !apiKey) throw missingKey(endpoint.id, endpoint.apiKeyEnv);
  return createOpenAIBatchClient(endpoint.id, { apiKey: apiKey ?? 'no-key', baseUrl: endpoint.baseUrl, flavour: 'openai', headers: endpoint.headers });
}
