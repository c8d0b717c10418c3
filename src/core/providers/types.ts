import type { ChatMessage } from '../chat';
import type { ServedModel } from './model-list';

export type { ServedModel } from './model-list';

/** `provider/model`, e.g. `groq/openai/gpt-oss-20b`, `cerebras/gpt-oss-120b`, `sim/echo`. */
export type ModelId = string;

export interface CompletionRequest {
  /** The provider's own model name (the part after `provider/`). */
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stop?: string[];
  /** Structured output where the provider supports it. */
  responseFormat?: { type: 'json_object' } | { type: 'json_schema'; name: string; schema: Record<string, unknown> };
  /** Aborts the request: cancellation of the run, or the per-request timeout. */
  signal?: AbortSignal;
  /** Per-request timeout in ms; the provider aborts and throws a retryable `timeout` error. */
  timeoutMs: number;
  /**
   * Set when `signal` already aborts at `timeoutMs` (the scheduler's own timer), with a
   * `ProviderError` of kind `timeout` as its reason: the provider then sets no timer and builds
   * no signal of its own.
   */
  signalHasDeadline?: boolean;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (discounted). 0 when unknown. */
  cachedInputTokens: number;
}

/** The provider's own timing fields, converted to milliseconds. */
export interface ProviderTiming {
  queueMs?: number;
  promptMs?: number;
  completionMs?: number;
  totalMs?: number;
}

export type RateLimitPeriod = 'minute' | 'hour' | 'day';

/** One server-side budget as an answer reported it. */
export interface RateLimitReading {
  limit?: number;
  remaining?: number;
  /** ms until the budget is fully replenished */
  resetMs?: number;
}

/**
 * What the provider told us about its rate limits on this answer, each figure under the period
 * it really covers: Groq's unsuffixed `x-ratelimit-*-requests` are per day and `*-tokens` per
 * minute, Cerebras names `-day` / `-minute`, OpenAI-style servers mean per minute. See
 * `parseRateLimitHeaders`. Nothing here is guessed: a period no header covers stays absent.
 */
export interface RateLimitInfo {
  requests?: Partial<Record<RateLimitPeriod, RateLimitReading>>;
  tokens?: Partial<Record<RateLimitPeriod, RateLimitReading>>;
  /** from `retry-after-ms`, else `retry-after` (only on 429), else the 429's own words (`Please try again in 4.77s`) */
  retryAfterMs?: number;
  /** The limit a 429 says it hit, from its message (`on tokens per minute (TPM)`); headers never say it. */
  limitedOn?: { resource: 'requests' | 'tokens'; period: RateLimitPeriod };
}

export interface CompletionResult {
  text: string;
  usage: TokenUsage;
  timing: ProviderTiming;
  /** Wall time from send to the full answer, measured by us. */
  latencyMs: number;
  rateLimit: RateLimitInfo;
  finishReason?: string;
  /** True for the offline `sim/*` provider: shown as simulated wherever it appears. */
  simulated: boolean;
  /**
   * The request body's fields besides the model and the messages, as sent (after any
   * structured-output fallback; without the streaming options): the record of what was asked.
   */
  sentParams?: Readonly<Record<string, unknown>>;
}

export type ProviderErrorKind =
  | 'rate_limit' // 429
  | 'server' // 5xx
  | 'timeout' // our per-request timeout fired
  | 'network' // connection refused/reset
  | 'auth' // 401/403
  | 'bad_request' // 400/422
  | 'model_unavailable' // the provider does not serve the model: retired (`model_decommissioned`), unknown (`model_not_found`), 404
  | 'cancelled' // the run was cancelled
  | 'unknown';

/** Every provider failure is mapped to this one type. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly rateLimit: RateLimitInfo = {},
  ) {
    super(message);
  }

  /** Set when the request body was sent (see `CompletionResult.sentParams`). */
  sentParams?: Readonly<Record<string, unknown>>;
}

export interface Provider {
  /** `groq`, `cerebras`, `sim`, or the id of a user-declared OpenAI-compatible endpoint. */
  readonly id: string;
  /** Where requests go (network providers only). */
  readonly baseUrl?: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
  /** What the provider serves today (`GET /models`), for network providers; rejects with a `ProviderError`. */
  listModels?(signal?: AbortSignal): Promise<ServedModel[]>;
  /** Release pooled connections. */
  close?(): Promise<void>;
}
