/**
 * A supabase-js client set up for a store: no session persisted by supabase-js itself (the
 * editor keeps it in SecretStorage, the CLI reads it from the environment), and a WebSocket
 * for the realtime module, which supabase-js requires at construction even when unused:
 * Node 22+ and the editor have a global one, Node 20 gets `ws`.
 */
import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import WebSocketFromWs from 'ws';

export interface ClientOptions {
  /** Sent as `Authorization: Bearer …` on every request (a user's access token). */
  accessToken?: string;
  /** Refresh the session before it expires (only for a session with a refresh token). */
  autoRefreshToken?: boolean;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
}

type WebSocketTransport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>;

function webSocketTransport(): WebSocketTransport {
  const global: unknown = (globalThis as { WebSocket?: unknown }).WebSocket;
  return (typeof global === 'function' ? global : WebSocketFromWs) as unknown as WebSocketTransport;
}

/**
 * A client without generated database types: the store validates every row it reads (rows.ts,
 * zod) instead of trusting compile-time types of the schema.
 */
export type StoreClient = SupabaseClient;

export function createStoreClient(url: string, key: string, options: ClientOptions = {}): StoreClient {
  // createClient's untyped result only differs from SupabaseClient's defaults in `any` generics
  // eslint-disable-next-line @typescript-eslint/no-unsafe-return
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: options.autoRefreshToken ?? false, detectSessionInUrl: false },
    realtime: { transport: webSocketTransport() },
    global: {
      headers: options.accessToken ? { Authorization: `Bearer ${options.accessToken}` } : {},
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
  });
}
