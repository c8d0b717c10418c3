import type { SupportedStorage } from '@supabase/supabase-js';

/** The part of `vscode.SecretStorage` the adapter uses (so it is testable in node). */
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}

const PREFIX = 'refinery.supabase.auth:';

/**
 * supabase-js's auth `storage` over VS Code's SecretStorage (the OS keychain): the session,
 * its refresh token and the PKCE code verifier never touch settings, files or logs.
 */
export function secretStorageAdapter(secrets: SecretStore): SupportedStorage {
  return {
    getItem: async (key: string): Promise<string | null> => (await secrets.get(PREFIX + key)) ?? null,
    setItem: async (key: string, value: string): Promise<void> => {
      await secrets.store(PREFIX + key, value);
    },
    removeItem: async (key: string): Promise<void> => {
      await secrets.delete(PREFIX + key);
    },
  };
}
