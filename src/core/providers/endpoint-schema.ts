/**
 * The schema of a user-declared endpoint, apart from the provider that calls it: settings
 * readers validate endpoints without loading the OpenAI SDK.
 */
import { z } from 'zod';

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
  /** The server serves OpenAI's Batch API (`/files`, `/batches`): `refinery run --batch` may use it. */
  batch: z.boolean().optional(),
});

export type OpenAICompatibleEndpoint = z.infer<typeof openAICompatibleEndpointSchema>;
