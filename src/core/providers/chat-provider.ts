/**
 * The one implementation of `Provider.complete` for OpenAI-style chat APIs. Each SDK-specific
 * module (groq, cerebras, openai-compatible) only supplies a `ChatTransport`: how to send the
 * body through its SDK and hand back the raw answer and its headers.
 */
import { performance } from 'node:perf_hooks';
import type { z } from 'zod';
import { buildChatBody, chunkSchema, completionSchema, toTiming, toTokenUsage, wireParams, type ChatBody, type MaxTokensField, type WireTimeInfo, type WireUsage } from './chat-wire';
import { RequestDeadline, requestAbort } from './deadline';
import { toProviderError } from './errors';
import { parseModelList } from './model-list';
import { headerLookup, parseRateLimitHeaders, type RateLimitDialect } from './rate-limit-headers';
import { ProviderError, type CompletionRequest, type CompletionResult, type Provider, type ServedModel } from './types';

export interface TransportOptions {
  signal: AbortSignal;
  /** The SDK's own timeout (ms); kept above ours so that ours, which also covers the body, decides. */
  timeout: number;
}

export interface ChatTransport {
  /** Non-streaming: the raw answer, so we parse the JSON once and read the headers directly. */
  complete(body: ChatBody, options: TransportOptions): Promise<{ json(): Promise<unknown>; headers: unknown }>;
  /** Streaming: the SDK's decoded SSE chunks plus the response headers. */
  stream(body: ChatBody, options: TransportOptions): Promise<{ chunks: AsyncIterable<unknown>; headers: unknown }>;
  /** `GET /models` through the SDK: the raw answer. */
  listModels(options: TransportOptions): Promise<{ json(): Promise<unknown> }>;
}

export interface ChatProviderConfig {
  id: string;
  transport: ChatTransport;
  maxTokensField: MaxTokensField;
  /** What the provider's unsuffixed rate-limit headers mean (see `RateLimitDialect`). */
  rateLimitDialect: RateLimitDialect;
  /** Ask for SSE and read usage/timing from the last chunk. */
  stream?: boolean;
  /** Ask the server to append usage to streams (OpenAI's `stream_options`; Groq and Cerebras send it anyway). */
  streamUsageOption?: boolean;
  /** Named in auth errors, e.g. `GROQ_API_KEY`. */
  keyName?: string;
  baseUrl?: string;
  close?: () => Promise<void>;
}

/** Added to our timeout for the SDK's timer, which only covers the wait for headers. */
const SDK_TIMEOUT_SLACK_MS = 1000;
/** A model list is small: a provider that takes longer is treated as unreachable for now. */
const LIST_MODELS_TIMEOUT_MS = 15_000;

interface Answer {
  text: string;
  finishReason: string | undefined;
  usage: WireUsage;
  timeInfo: WireTimeInfo;
  headers: unknown;
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProviderError('unknown', `unexpected ${what} from the provider: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`, false);
  }
  return parsed.data;
}

async function readCompletion(transport: ChatTransport, body: ChatBody, options: TransportOptions): Promise<Answer> {
  const response = await transport.complete(body, options);
  const data = parseOrThrow(completionSchema, await response.json(), 'answer');
  const choice = data.choices[0];
  return {
    text: choice?.message.content ?? '',
    finishReason: choice?.finish_reason ?? undefined,
    usage: data.usage,
    timeInfo: data.time_info,
    headers: response.headers,
  };
}

async function readStream(transport: ChatTransport, body: ChatBody, options: TransportOptions): Promise<Answer> {
  const { chunks, headers } = await transport.stream(body, options);
  let text = '';
  let finishReason: string | undefined;
  let usage: WireUsage;
  let timeInfo: WireTimeInfo;
  for await (const raw of chunks) {
    const chunk = parseOrThrow(chunkSchema, raw, 'stream chunk');
    const choice = chunk.choices?.[0];
    if (choice?.delta?.content) text += choice.delta.content;
    if (choice?.finish_reason) finishReason = choice.finish_reason;
    // Groq puts the final usage under `x_groq`; Cerebras and OpenAI at the top level.
    const chunkUsage = chunk.x_groq?.usage ?? chunk.usage;
    if (chunkUsage) usage = chunkUsage;
    if (chunk.time_info) timeInfo = chunk.time_info;
  }
  // The SDKs end a stream quietly when it is aborted: a cut-off answer must not pass as complete.
  if (options.signal.aborted) throw new Error('stream aborted');
  return { text, finishReason, usage, timeInfo, headers };
}

export function createChatProvider(config: ChatProviderConfig): Provider {
  const { id, transport, maxTokensField } = config;
  return {
    id,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const deadline = requestAbort(request.timeoutMs, request.signal, request.signalHasDeadline);
      const started = performance.now();
      const body = buildChatBody(request, maxTokensField);
      const sentParams = wireParams(body);
      try {
        const options: TransportOptions = { signal: deadline.signal, timeout: Math.ceil(request.timeoutMs) + SDK_TIMEOUT_SLACK_MS };
        let answer: Answer;
        if (config.stream) {
          body.stream = true;
          if (config.streamUsageOption) body.stream_options = { include_usage: true };
          answer = await readStream(transport, body, options);
        } else {
          answer = await readCompletion(transport, body, options);
        }
        const result: CompletionResult = {
          text: answer.text,
          usage: toTokenUsage(answer.usage),
          timing: toTiming(answer.usage, answer.timeInfo),
          latencyMs: performance.now() - started,
          rateLimit: parseRateLimitHeaders(headerLookup(answer.headers), config.rateLimitDialect),
          simulated: false,
          sentParams,
        };
        if (answer.finishReason !== undefined) result.finishReason = answer.finishReason;
        return result;
      } catch (error) {
        const failure = toProviderError(error, {
          providerId: id,
          model: request.model,
          timedOut: deadline.timedOut,
          timeoutMs: request.timeoutMs,
          cancelled: deadline.cancelled,
          keyName: config.keyName,
          baseUrl: config.baseUrl,
          rateLimitDialect: config.rateLimitDialect,
        });
        failure.sentParams = sentParams;
        throw failure;
      } finally {
        deadline.dispose();
      }
    },
    async listModels(signal?: AbortSignal): Promise<ServedModel[]> {
      const deadline = new RequestDeadline(LIST_MODELS_TIMEOUT_MS, signal);
      try {
        const response = await transport.listModels({ signal: deadline.signal, timeout: LIST_MODELS_TIMEOUT_MS + SDK_TIMEOUT_SLACK_MS });
        const models = parseModelList(await response.json());
        if (!models) throw new ProviderError('unknown', `${id}: the model list (GET /models) is not in the OpenAI shape { data: [{ id }] }`, false);
        return models;
      } catch (error) {
        throw toProviderError(error, {
          providerId: id,
          model: '(model list)',
          timedOut: deadline.timedOut,
          timeoutMs: LIST_MODELS_TIMEOUT_MS,
          cancelled: deadline.cancelled,
          keyName: config.keyName,
          baseUrl: config.baseUrl,
        });
      } finally {
        deadline.dispose();
      }
    },
    ...(config.baseUrl !== undefined && { baseUrl: config.baseUrl }),
    close: config.close,
  };
}
