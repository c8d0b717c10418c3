import { Agent, fetch as undiciFetch } from 'undici';

/** A connection pool and the `fetch` that uses it, handed to every provider SDK. */
export interface PooledHttp {
  /** Typed as the global fetch, the shape every SDK's `fetch` option accepts. */
  readonly fetch: typeof globalThis.fetch;
  close(): Promise<void>;
}

export interface PooledHttpOptions {
  /** Sockets per origin; the executor's concurrency should not exceed it. */
  connectionsPerOrigin?: number;
  /** Idle keep-alive before a pooled socket is closed. */
  keepAliveTimeoutMs?: number;
}

/**
 * One undici Agent (keep-alive pool) behind a fetch. Cheaper per request than the SDKs' default
 * fetch, and shared so that all providers reuse warm sockets. Request timeouts are ours
 * (per request, see `deadline.ts`), so undici's own header/body timeouts are turned off.
 */
export function createPooledHttp(options: PooledHttpOptions = {}): PooledHttp {
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 256,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const pooledFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // The SDKs build a fresh init object per request, so adding the dispatcher to it costs nothing.
    const withDispatcher = (init ?? {}) as RequestInit & { dispatcher: Agent };
    withDispatcher.dispatcher = agent;
    // undici's fetch and Response are the implementation behind Node's own; only the type names differ.
    return undiciFetch(input as Parameters<typeof undiciFetch>[0], withDispatcher as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;
  };
  let closed: Promise<void> | undefined;
  return {
    fetch: pooledFetch as typeof globalThis.fetch,
    close() {
      closed ??= agent.close();
      return closed;
    },
  };
}
