import type { UserError } from '../../core/errors';
import type { OpenAICompatibleEndpoint } from '../../core/providers';

export const SET_API_KEY_COMMAND = 'refinery.setApiKey';
export const CLEAR_API_KEY_COMMAND = 'refinery.clearApiKey';

/** A provider a key can be stored for. `providerId` is what `createProviderRegistry({ keys })` is keyed by. */
export interface KeyTarget {
  providerId: string;
  label: string;
  detail: string;
  /** Prefix real keys start with, for a non-blocking hint. */
  keyPrefix?: string;
}

const BUILT_IN_TARGETS: readonly KeyTarget[] = [
  { providerId: 'groq', label: 'Groq', detail: 'Create a key at https://console.groq.com/keys', keyPrefix: 'gsk_' },
  { providerId: 'cerebras', label: 'Cerebras', detail: 'Create a key at https://cloud.cerebras.ai', keyPrefix: 'csk-' },
];

/**
 * The SecretStorage entry holding a provider's key: `refinery.apiKey.<providerId>`, e.g.
 * `refinery.apiKey.groq` or `refinery.apiKey.ollama`.
 */
export function secretName(providerId: string): string {
  return `refinery.apiKey.${providerId}`;
}

/** Groq, Cerebras, then each declared endpoint (by its id, the model prefix). */
export function keyTargets(endpoints: readonly OpenAICompatibleEndpoint[]): KeyTarget[] {
  return [
    ...BUILT_IN_TARGETS,
    ...endpoints.map((endpoint) => ({ providerId: endpoint.id, label: endpoint.id, detail: `OpenAI-compatible endpoint at ${endpoint.baseUrl}` })),
  ];
}

export type KeyValidation = { severity: 'error' | 'warning'; message: string } | undefined;

/** Blocks what cannot be a key (empty, spaces, line breaks); only warns about an unusual prefix. */
export function validateApiKey(value: string, target: KeyTarget): KeyValidation {
  const key = value.trim();
  if (key === '') return { severity: 'error', message: 'Paste the key, or press Escape to cancel.' };
  if (/\s/.test(key)) return { severity: 'error', message: 'An API key has no spaces or line breaks: paste only the key.' };
  if (target.keyPrefix && !key.startsWith(target.keyPrefix)) {
    return { severity: 'warning', message: `${target.label} keys usually start with "${target.keyPrefix}": check you pasted the right one.` };
  }
  return undefined;
}

/**
 * The provider a `provider.missing-key` error is about. The registry's message reads
 * "GROQ_API_KEY is not set (needed for groq/openai/gpt-oss-20b)": the provider is the
 * model id's prefix.
 */
export function missingKeyProvider(error: Pick<UserError, 'code' | 'message'>): string | undefined {
  if (error.code !== 'provider.missing-key') return undefined;
  return /\(needed for ([^/\s)]+)\//.exec(error.message)?.[1];
}
