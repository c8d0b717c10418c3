import type { ExtensionServices } from '../services';

/**
 * TEMPORARY stand-in for `getApiKeys` from `src/extension/keys/` (written in parallel): the
 * provider keys kept in SecretStorage, by provider id. Until it lands, no stored keys: the
 * providers fall back to the environment (GROQ_API_KEY, CEREBRAS_API_KEY, an endpoint's apiKeyEnv).
 * On merge, replace this module's users' import with `../keys`.
 */
export function getApiKeys(_services: ExtensionServices): Promise<Record<string, string>> {
  return Promise.resolve({});
}
