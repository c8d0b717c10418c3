import { createChatProvider, type ChatTransport } from './chat-provider';
import type { PooledHttp } from './http';
import { onFirstUse } from './on-first-use';
import type { Provider } from './types';

export const GROQ_DEFAULT_BASE_URL = 'https://api.groq.com';

export interface GroqProviderOptions {
  apiKey: string;
  /** Origin without `/openai/v1` (the SDK adds it), e.g. `http://127.0.0.1:8080`. */
  baseUrl?: string;
  http: PooledHttp;
  /** Read answers as SSE; usage then comes from `x_groq.usage` in the last chunk. */
  stream?: boolean;
}

/** Groq through `groq-sdk`, with our pooled fetch, no SDK retries (the executor owns them). */
export function createGroqProvider(options: GroqProviderOptions): Provider {
  const baseURL = options.baseUrl ?? GROQ_DEFAULT_BASE_URL;
  const client = onFirstUse(async () => {
    const { default: Groq } = await import('groq-sdk');
    return new Groq({ apiKey: options.apiKey, baseURL, maxRetries: 0, fetch: options.http.fetch });
  });
  const transport: ChatTransport = {
    complete: async (body, requestOptions) => (await client()).chat.completions.create(Object.assign(body, { stream: false as const }), requestOptions).asResponse(),
    async stream(body, requestOptions) {
      const { data, response } = await (await client()).chat.completions.create(Object.assign(body, { stream: true as const }), requestOptions).withResponse();
      return { chunks: data, headers: response.headers };
    },
    listModels: async (requestOptions) => (await client()).models.list(requestOptions).asResponse(),
  };
  return createChatProvider({ id: 'groq', transport, maxTokensField: 'max_completion_tokens', rateLimitDialect: 'groq', stream: options.stream, keyName: 'GROQ_API_KEY', baseUrl: baseURL });
}
