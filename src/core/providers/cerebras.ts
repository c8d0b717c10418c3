import type Cerebras from '@cerebras/cerebras_cloud_sdk';
import { createChatProvider, type ChatTransport } from './chat-provider';
import type { PooledHttp } from './http';
import { onFirstUse } from './on-first-use';
import type { Provider } from './types';

export const CEREBRAS_DEFAULT_BASE_URL = 'https://api.cerebras.ai';

export interface CerebrasProviderOptions {
  apiKey: string;
  /** Origin without `/v1` (the SDK adds it). */
  baseUrl?: string;
  http: PooledHttp;
  /** Read answers as SSE; usage and `time_info` then come in the last chunk. */
  stream?: boolean;
}

/**
 * Cerebras through its SDK, with our pooled fetch and no SDK retries. The output cap goes in
 * `max_completion_tokens`, which Cerebras' limiter reserves up front: callers keep it tight.
 */
export function createCerebrasProvider(options: CerebrasProviderOptions): Provider {
  const baseURL = options.baseUrl ?? CEREBRAS_DEFAULT_BASE_URL;
  const client = onFirstUse(async () => {
    const { default: CerebrasSdk } = await import('@cerebras/cerebras_cloud_sdk');
    return new CerebrasSdk({
      apiKey: options.apiKey,
      baseURL,
      maxRetries: 0,
      // The constructor would otherwise send a request at once to warm the connection.
      warmTCPConnection: false,
      fetch: options.http.fetch as unknown as NonNullable<ConstructorParameters<typeof Cerebras>[0]>['fetch'],
    });
  });
  const transport: ChatTransport = {
    complete: async (body, requestOptions) => (await client()).chat.completions.create(Object.assign(body, { stream: false as const }), requestOptions).asResponse(),
    async stream(body, requestOptions) {
      const { data, response } = await (await client()).chat.completions.create(Object.assign(body, { stream: true as const }), requestOptions).withResponse();
      return { chunks: data, headers: response.headers };
    },
    listModels: async (requestOptions) => (await client()).models.list(requestOptions).asResponse(),
  };
  return createChatProvider({ id: 'cerebras', transport, maxTokensField: 'max_completion_tokens', rateLimitDialect: 'cerebras', stream: options.stream, keyName: 'CEREBRAS_API_KEY', baseUrl: baseURL });
}
