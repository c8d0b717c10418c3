/**
 * The OpenAI-style chat-completions wire format shared by Groq, Cerebras and any
 * OpenAI-compatible server: the request body we send and zod schemas for what comes back.
 */
import { z } from 'zod';
import type { ChatMessage } from '../chat';
import type { CompletionRequest, ProviderTiming, TokenUsage } from './types';

/** Which field carries the output cap: Groq and Cerebras take `max_completion_tokens`; local servers know `max_tokens`. */
export type MaxTokensField = 'max_completion_tokens' | 'max_tokens';

export interface ChatBody {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_completion_tokens?: number;
  max_tokens?: number;
  stop?: string[];
  response_format?:
    | { type: 'json_object' }
    | { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown> } };
  stream?: boolean;
  stream_options?: { include_usage: boolean };
}

export function buildChatBody(request: Omit<CompletionRequest, 'timeoutMs'>, maxTokensField: MaxTokensField): ChatBody {
  const body: ChatBody = { model: request.model, messages: request.messages };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.maxOutputTokens !== undefined) body[maxTokensField] = request.maxOutputTokens;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  const format = request.responseFormat;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  else if (format?.type === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema } };
  }
  return body;
}

/** The body's fields besides the model, the messages and the streaming options: what `sentParams` records. */
export function wireParams(body: ChatBody): Record<string, unknown> {
  const { model: _model, messages: _messages, stream: _stream, stream_options: _streamOptions, ...params } = body;
  return params;
}

const seconds = z.number().nullish();

/** `usage` of both flavours: Groq adds its timings (seconds) here, everyone may add cached tokens. */
const usageSchema = z
  .object({
    prompt_tokens: z.number().nullish(),
    completion_tokens: z.number().nullish(),
    prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
    queue_time: seconds,
    prompt_time: seconds,
    completion_time: seconds,
    total_time: seconds,
  })
  .nullish();

/** Cerebras' separate timing block (seconds). */
const timeInfoSchema = z
  .object({ queue_time: seconds, prompt_time: seconds, completion_time: seconds, total_time: seconds })
  .nullish();

const groqExtrasSchema = z.object({ usage: usageSchema }).nullish();

export const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: usageSchema,
  time_info: timeInfoSchema,
});

export const chunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema,
  time_info: timeInfoSchema,
  x_groq: groqExtrasSchema,
});

export type WireUsage = z.infer<typeof usageSchema>;
export type WireTimeInfo = z.infer<typeof timeInfoSchema>;

export function toTokenUsage(usage: WireUsage): TokenUsage {
  return {
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

function toMs(value: number | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Math.round(value * 1_000_000) / 1000;
}

/** Timing from Cerebras' `time_info`, else from Groq's fields inside `usage`. */
export function toTiming(usage: WireUsage, timeInfo: WireTimeInfo): ProviderTiming {
  const source = timeInfo ?? usage;
  const timing: ProviderTiming = {};
  const queueMs = toMs(source?.queue_time);
  if (queueMs !== undefined) timing.queueMs = queueMs;
  const promptMs = toMs(source?.prompt_time);
  if (promptMs !== undefined) timing.promptMs = promptMs;
  const completionMs = toMs(source?.completion_time);
  if (completionMs !== undefined) timing.completionMs = completionMs;
  const totalMs = toMs(source?.total_time);
  if (totalMs !== undefined) timing.totalMs = totalMs;
  return timing;
}
