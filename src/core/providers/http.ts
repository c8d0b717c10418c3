import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';

/** A connection pool and the `fetch` that uses it, handed to every provider SDK. */
export interface PooledHttp {
  /**
   * Typed as the global fetch, the shape every SDK's `fetch` option accepts. With the default
   * `request` engine it returns a lean Response (see `LeanResponse`): meant for the SDKs only.
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
   * `request` (default): undici's `Agent.request` behind a fetch-shaped function, about half the
   * CPU per call of undici's WHATWG `fetch` (measured in test/fake-server/measure-provider-cpu.ts).
   * `fetch`: undici's own fetch over the same Agent.
   */
  engine?: 'request' | 'fetch';
}

type UndiciInit = NonNullable<Parameters<typeof undiciFetch>[1]>;
type ResponseBody = Dispatcher.ResponseData['body'];

/**
 * The part of `Response` the Stainless SDKs (groq-sdk, Cerebras, openai) use: `ok`, `status`,
 * `headers` (read only), `url`, `text()`, `json()` and `body`, which they iterate with `for await` (a Node
 * stream of byte chunks is async-iterable, so no WHATWG stream is built per request).
 */
class LeanResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';

  constructor(
    readonly status: number,
    readonly headers: LeanHeaders,
    readonly url: string,
    readonly body: ResponseBody,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get statusText(): string {
    return '';
  }

  get bodyUsed(): boolean {
    return this.body.bodyUsed;
  }

  text(): Promise<string> {
    return this.body.text();
  }

  json(): Promise<unknown> {
    return this.body.json();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.body.arrayBuffer();
  }
}

type RawHeaders = Record<string, string | string[] | undefined>;

/**
 * The read side of `Headers` over undici's already lower-cased header record. A WHATWG
 * `Headers` built per response cost a validated `append` per header, and a sort each time the
 * SDKs iterate it for their (disabled) debug log, whose arguments they build anyway.
 */
class LeanHeaders {
  readonly #raw: RawHeaders;

  constructor(raw: RawHeaders) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    const value = this.#raw[name.toLowerCase()];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : value.join(', ');
  }

  has(name: string): boolean {
    return this.#raw[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name in this.#raw) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, headers: LeanHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

function hrefOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function requestEngine(agent: Agent): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const href = hrefOf(input);
    // Absolute http(s) URLs only (the SDKs always build them): split at the first `/` after `//`.
    const pathStart = href.indexOf('/', href.indexOf('//') + 2);
    const origin = pathStart === -1 ? href : href.slice(0, pathStart);
    const path = pathStart === -1 ? '/' : href.slice(pathStart);
    const answer = await agent.request({
      origin,
      path,
      method: init.method ?? 'GET',
      headers: init.headers as Dispatcher.DispatchOptions['headers'],
      body: init.body as Dispatcher.DispatchOptions['body'],
      signal: init.signal ?? undefined,
    });
    return new LeanResponse(answer.statusCode, new LeanHeaders(answer.headers), href, answer.body) as unknown as Response;
  };
}

function fetchEngine(agent: Agent): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return (input, init) => {
    // The SDKs build a fresh init object per request, so adding the dispatcher to it costs nothing.
    const undiciInit = (init ?? {}) as unknown as UndiciInit;
    undiciInit.dispatcher = agent;
    return undiciFetch(hrefOf(input), undiciInit);
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
  const pooledFetch = options.engine === 'fetch' ? fetchEngine(agent) : requestEngine(agent);
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
