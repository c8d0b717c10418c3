import type { Agent as UndiciAgent, fetch as undiciFetch } from 'undici';
import { dispatchFetch } from './dispatch-fetch';
import { Agent } from './undici-parts';

/** A connection pool and the `fetch` that uses it, handed to every provider SDK. */
export interface PooledHttp {
  /**
   * Typed as the global fetch, the shape every SDK's `fetch` option accepts. With the default
   * `dispatch` engine it returns a lean Response (see `LeanResponse`): meant for the SDKs only.
   */
  readonly fetch: typeof globalThis.fetch;
  close(): Promise<void>;
}

export interface PooledHttpOptions {
  /** Sockets per origin; the executor's concurrency should not exceed it. */
  connectionsPerOrigin?: number;
  /** Idle keep-alive before a pooled socket is closed. */
  keepAliveTimeoutMs?: number;
  /**
   * `dispatch` (default): undici's `Dispatcher.dispatch` behind a fetch-shaped function (see
   * `dispatch-fetch.ts`), a fraction of the CPU per call of undici's WHATWG `fetch` (measured
   * in test/fake-server/measure-provider-cpu.ts). `fetch`: undici's own fetch over the same Agent.
   */
  engine?: 'dispatch' | 'fetch';
}

type UndiciInit = NonNullable<Parameters<typeof undiciFetch>[1]>;

function hrefOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function fetchEngine(agent: UndiciAgent): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    // The SDKs build a fresh init object per request, so adding the dispatcher to it costs nothing.
    const undiciInit = (init ?? {}) as unknown as UndiciInit;
    undiciInit.dispatcher = agent;
    const { fetch } = await import('undici');
    return fetch(hrefOf(input), undiciInit);
  };
}

/**
 * One undici Agent (keep-alive pool) behind a fetch, shared by every provider so they reuse warm
 * sockets. Request timeouts are ours (per request, see `deadline.ts`), so undici's own
 * header/body timeouts are off.
 */
export function createPooledHttp(options: PooledHttpOptions = {}): PooledHttp {
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 256,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const pooledFetch = options.engine === 'fetch' ? fetchEngine(agent) : dispatchFetch(agent);
  let closed: Promise<void> | undefined;
  return {
    fetch: pooledFetch,
    close() {
      // destroy, not close: a graceful close would wait for hung requests forever.
      closed ??= agent.destroy();
      return closed;
    },
  };
}
