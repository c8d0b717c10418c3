import { z } from 'zod';
import { UserError } from '../../core/errors';
import { isUuid } from '../local/db';
import { createStoreClient, type StoreClient } from './client';
import { storeError } from './errors';
import { SupabaseStore } from './supabase-store';

/** Who the store acts as. */
export type SupabaseAuth =
  /** A signed-in user's session: supabase-js refreshes the access token while the store is open. */
  | { kind: 'session'; accessToken: string; refreshToken: string }
  /** A user's access token (a JWT) alone, e.g. from CI: valid until it expires. */
  | { kind: 'access-token'; accessToken: string }
  /**
   * The service role key, acting for one user: it bypasses row level security, so the store
   * itself sets owner_id = ownerId on every write and filters every read by it. For trusted
   * automation only; never ship this key to an editor.
   */
  | { kind: 'service-role'; serviceRoleKey: string; ownerId: string };

export interface SupabaseStoreOptions {
  /** The project URL, e.g. https://abcd.supabase.co */
  url: string;
  /** The project's anon (publishable) key; not a secret. Unused with the service role. */
  anonKey: string;
  auth: SupabaseAuth;
  /** Replaces the global fetch (proxies, tests). */
  fetch?: typeof fetch;
}

const projectUrl = z.url({ protocol: /^https?$/ });

/** The user id of the client's current session, checked with the Auth server. */
async function signedInUserId(client: StoreClient, accessToken?: string): Promise<string> {
  const { data, error } = await client.auth.getUser(accessToken);
  if (error || !data.user) throw storeError('check the Supabase session', error ?? new Error('no user in the session'), error?.status);
  return data.user.id;
}

/**
 * Opens a store on a Supabase project whose schema is `supabase/migrations` (applied with
 * `supabase db push`). Checks the credentials once, so a bad token fails here, not on the
 * first write.
 */
export async function openSupabaseStore(options: SupabaseStoreOptions): Promise<SupabaseStore> {
  if (!projectUrl.safeParse(options.url).success) {
    throw new UserError('store.config', `"${options.url}" is not a Supabase project URL`, {}, 'use the URL from the project settings, e.g. https://abcd.supabase.co');
  }
  const { auth } = options;
  switch (auth.kind) {
    case 'service-role': {
      if (!isUuid(auth.ownerId)) {
        throw new UserError('store.config', `the owner to act for must be a user id (uuid), got "${auth.ownerId}"`, {}, 'copy the user id from Authentication → Users');
      }
      return new SupabaseStore(createStoreClient(options.url, auth.serviceRoleKey, { fetch: options.fetch }), auth.ownerId);
    }
    case 'access-token': {
      const client = createStoreClient(options.url, options.anonKey, { accessToken: auth.accessToken, fetch: options.fetch });
      return new SupabaseStore(client, await signedInUserId(client, auth.accessToken));
    }
    case 'session': {
      const client = createStoreClient(options.url, options.anonKey, { autoRefreshToken: true, fetch: options.fetch });
      const { data, error } = await client.auth.setSession({ access_token: auth.accessToken, refresh_token: auth.refreshToken });
      if (error || !data.user) throw storeError('restore the Supabase session', error ?? new Error('no user in the session'), error?.status);
      return new SupabaseStore(client, data.user.id);
    }
  }
}

/**
 * A store over a client the caller set up and signed in (the editor: its client keeps the
 * session in SecretStorage through supabase-js's auth `storage` option).
 */
export async function supabaseStoreForClient(client: StoreClient): Promise<SupabaseStore> {
  return new SupabaseStore(client, await signedInUserId(client));
}
