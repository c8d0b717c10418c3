import { createClient, type SupportedStorage, type WebSocketLikeConstructor } from '@supabase/supabase-js';
import type { SupabaseSettings } from './supabase-settings';

/**
 * Refinery never subscribes to Realtime, but supabase-js builds its Realtime client eagerly and,
 * on a Node without a global WebSocket (Node 20), refuses to start without a transport. This
 * stand-in lets it start and fails only if something ever opens a channel. VS Code's own Node
 * (22+) has a global WebSocket, so there it is not used.
 */
class RealtimeUnavailable {
  constructor() {
    throw new Error('Refinery does not use Supabase Realtime');
  }
}

export interface SupabaseClientOptions {
  storage: SupportedStorage;
  /** A WebSocket implementation (e.g. `ws`) when Realtime is needed on a Node without one. */
  transport?: WebSocketLikeConstructor;
  /** Replaces the global fetch (tests simulate a dropped connection with it). */
  fetch?: typeof fetch;
}

/** The one way the extension builds a supabase-js client: PKCE, the session in SecretStorage, refreshed by itself. */
export function createSupabaseClient(settings: SupabaseSettings, options: SupabaseClientOptions) {
  const hasWebSocket = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function';
  const transport = options.transport ?? (hasWebSocket ? undefined : (RealtimeUnavailable as unknown as WebSocketLikeConstructor));
  return createClient(settings.url, settings.anonKey, {
    auth: {
      storage: options.storage,
      persistSession: true,
      autoRefreshToken: true,
      flowType: 'pkce',
      detectSessionInUrl: false,
      // One session per project URL (the default key only uses the host's first label).
      storageKey: `sb-auth:${settings.url}`,
    },
    ...(transport ? { realtime: { transport } } : {}),
    ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
  });
}

export type RefinerySupabaseClient = ReturnType<typeof createSupabaseClient>;
