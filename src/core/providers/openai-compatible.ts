import { createChatProvider, type ChatTransport } from './chat-provider';
import type { PooledHttp } from './http';
import { onFirstUse } from './on-first-use';
import { dialectForBaseUrl } from './rate-limit-headers';
import type { Provider } from './types';
import { openAICompatibleEndpointSchema, RESERVED_PROVIDER_IDS, type OpenAICompatibleEndpoint } from './endpoint-schema';

export { openAICompatibleEndpointSchema, RESERVED_PROVIDER_IDS, type OpenAICompatibleEndpoint };

export interface OpenAICompatibleProviderOptions {
  endpoint: OpenAICompatibleEndpoint;
  /** Required by the SDK; servers that need none get a placeholder. */
  apiKey?: string;
  http: PooledHttp;
  stream?: boolean;
}

/** Local servers ignore the key, but the SDK refuses to start without one. */
const NO_KEY_PLACEHOLDER = 'no-key';

/** Any OpenAI-compatible endpoint through the official `openai` package, no SDK retries. */
export function createOpenAICompatibleProvider(options: OpenAICompatibleProviderOptions): Provider {
  const { endpoint } = options;
  const client = onFirstUse(async () => {
    const { default: OpenAI } = await import('openai');
    return new OpenAI({
      apiKey: options.apiKey ?? NO_KEY_PLACEHOLDER,
      baseURL: endpoint.baseUrl,
      maxRetries: 0,
      fetch: options.http.fetch,
      defaultHeaders: endpoint.headers,
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
  return createChatProvider({
    id: endpoint.id,
    transport,
    // Local servers (Ollama, llama.cpp) know `max_tokens`; not all accept `max_completion_tokens`.
    maxTokensField: 'max_tokens',
    rateLimitDialect: dialectForBaseUrl(endpoint.baseUrl),
    stream: options.stream,
    streamUsageOption: true,
    keyName: endpoint.apiKeyEnv,
    baseUrl: endpoint.baseUrl,
  });
}
