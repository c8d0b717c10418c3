import OpenAI from 'openai';
import { z } from 'zod';
import { createChatProvider, type ChatTransport } from './chat-provider';
import type { PooledHttp } from './http';
import type { Provider } from './types';

/** Ids the built-in providers own; an endpoint may not take them. */
export const RESERVED_PROVIDER_IDS = ['groq', 'cerebras', 'sim'] as const;

/** A user-declared OpenAI-compatible server (Ollama, vLLM, llama.cpp server, LM Studio, …). */
export const openAICompatibleEndpointSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'id must be letters, digits, ".", "_" or "-" (it becomes the model prefix, e.g. "ollama/llama3.2")')
    .refine((id) => !(RESERVED_PROVIDER_IDS as readonly string[]).includes(id.toLowerCase()), {
      message: `id must not be one of the built-in providers (${RESERVED_PROVIDER_IDS.join(', ')})`,
    }),
  /** Conventionally ends in `/v1`, e.g. `http://localhost:11434/v1`. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL such as http://localhost:11434/v1' }),
  /** Environment variable holding the key; endpoints without one need no key. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'apiKeyEnv must be an environment variable name such as OLLAMA_API_KEY')
    .optional(),
  /** Models offered for this endpoint in pickers. */
  models: z.array(z.string().min(1)).optional(),
  /** Extra headers sent with every request. */
  headers: z.record(z.string(), z.string()).optional(),
});

export type OpenAICompatibleEndpoint = z.infer<typeof openAICompatibleEndpointSchema>;

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
  const client = new OpenAI({
    apiKey: options.apiKey ?? NO_KEY_PLACEHOLDER,
    baseURL: endpoint.baseUrl,
    maxRetries: 0,
    fetch: options.http.fetch,
    defaultHeaders: endpoint.headers,
  });
  const transport: ChatTransport = {
    complete: (body, requestOptions) => client.chat.completions.create(Object.assign(body, { stream: false as const }), requestOptions).asResponse(),
    async stream(body, requestOptions) {
      const { data, response } = await client.chat.completions.create(Object.assign(body, { stream: true as const }), requestOptions).withResponse();
      return { chunks: data, headers: response.headers };
    },
  };
  return createChatProvider({
    id: endpoint.id,
    transport,
    // Local servers (Ollama, llama.cpp) know `max_tokens`; not all accept `max_completion_tokens`.
    maxTokensField: 'max_tokens',
    stream: options.stream,
    streamUsageOption: true,
    keyName: endpoint.apiKeyEnv,
    baseUrl: endpoint.baseUrl,
  });
}
