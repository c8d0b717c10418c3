import { headerLookup, parseRateLimitHeaders, type RateLimitDialect } from './rate-limit-headers';
import { readRateLimitMessage } from './rate-limit-message';
import { ProviderError, type RateLimitInfo } from './types';

export interface FailureContext {
  providerId: string;
  model: string;
  /** Our per-request timer fired. */
  timedOut: boolean;
  timeoutMs: number;
  /** The caller's signal fired. */
  cancelled: boolean;
  /** The environment variable holding the key, named in auth errors, e.g. `GROQ_API_KEY`. */
  keyName?: string;
  baseUrl?: string;
  /** How to read the unsuffixed rate-limit headers; default `openai` (per minute). */
  rateLimitDialect?: RateLimitDialect;
}

/** Error codes of a connection that failed or broke (Node's errno codes and undici's). */
const NETWORK_CODE = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * The provider's own words: the SDKs keep the error body either as `{ message }` (openai)
 * or as the whole `{ error: { message } }` body (groq-sdk, Cerebras).
 */
function providerMessage(error: unknown): string | undefined {
  const body = field(error, 'error');
  const direct = field(body, 'message');
  if (typeof direct === 'string') return direct;
  const nested = field(field(body, 'error'), 'message');
  if (typeof nested === 'string') return nested;
  const message = field(error, 'message');
  return typeof message === 'string' ? message : undefined;
}

/** The provider's error code (`model_decommissioned`…), wherever the SDK keeps the body. */
function providerCode(error: unknown): string | undefined {
  const body = field(error, 'error');
  for (const candidate of [field(body, 'code'), field(field(body, 'error'), 'code')]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return undefined;
}

/** Codes with which Groq, Cerebras and OpenAI say a model is not (or no longer) served. */
const MODEL_GONE_CODES = new Set(['model_decommissioned', 'model_not_found']);

/** `refinery models` is the CLI's list of what a provider serves today. */
export function modelUnavailableFix(providerId: string): string {
  return `pick a model ${providerId} serves today (list them with \`refinery models --provider ${providerId}\`) and put it where the run names this one (the prompt's model or refinery.models, a grader's model, --model or --judge)`;
}

function modelUnavailable(status: number, code: string | undefined, said: string, context: FailureContext, rateLimit: RateLimitInfo): ProviderError {
  const where = `${context.providerId}/${context.model}`;
  const why =
    code === 'model_decommissioned'
      ? `${context.providerId} has retired it`
      : code === 'model_not_found'
        ? `${context.providerId} does not serve it`
        : `${context.providerId} answered 404 (the model does not exist there, or the base URL ${context.baseUrl ?? ''} is wrong)`;
  const answer = `${status}${code ? ` ${code}` : ''}: ${said}`;
  return new ProviderError('model_unavailable', `${where} is not available: ${why} (${answer}). Fix: ${modelUnavailableFix(context.providerId)}`, false, status, rateLimit);
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = field(current, 'code');
    if (typeof code === 'string' && NETWORK_CODE.test(code)) return code;
    current = field(current, 'cause');
  }
  return undefined;
}

function looksLikeConnectionFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const message = field(current, 'message');
    if (typeof message === 'string' && /connection error|fetch failed|terminated|other side closed|socket/i.test(message)) return true;
    current = field(current, 'cause');
  }
  return false;
}

function fromStatus(status: number, error: unknown, context: FailureContext): ProviderError {
  const where = `${context.providerId}/${context.model}`;
  const said = providerMessage(error) ?? 'no message';
  const rateLimit: RateLimitInfo = parseRateLimitHeaders(headerLookup(field(error, 'headers')), context.rateLimitDialect ?? 'openai');
  const words = status === 429 || status === 413 ? readRateLimitMessage(said) : undefined;
  // Groq answers 413 when one request alone needs more tokens than the per-minute limit, OpenAI a
  // 429 saying "Request too large": waiting never helps.
  if (status === 413 || words?.tooLarge) {
    return new ProviderError(
      'bad_request',
      `${where}: the request is too large for the provider's limits (${status}: ${said}); shorten the prompt or lower maxOutputTokens`,
      false,
      status,
      rateLimit,
    );
  }
  if (status === 429) {
    if (words?.limitedOn) rateLimit.limitedOn = words.limitedOn;
    if (rateLimit.retryAfterMs === undefined && words?.retryAfterMs !== undefined) rateLimit.retryAfterMs = words.retryAfterMs;
    return new ProviderError('rate_limit', `${where}: rate limited (429): ${said}`, true, status, rateLimit);
  }
  if (status >= 500) {
    return new ProviderError('server', `${where}: server error (${status}): ${said}`, true, status, rateLimit);
  }
  if (status === 408) {
    return new ProviderError('timeout', `${where}: the server timed out the request (408): ${said}`, true, status, rateLimit);
  }
  if (status === 409) {
    return new ProviderError('server', `${where}: conflict (409), retrying may succeed: ${said}`, true, status, rateLimit);
  }
  if (status === 401 || status === 403) {
    const key = context.keyName ?? `the API key for ${context.providerId}`;
    return new ProviderError(
      'auth',
      `${where}: the provider rejected the API key (${status}: ${said}); check ${key}: is it set, current and allowed to use this model?`,
      false,
      status,
      rateLimit,
    );
  }
  const code = providerCode(error);
  if (status === 404 || (code !== undefined && MODEL_GONE_CODES.has(code))) return modelUnavailable(status, code, said, context, rateLimit);
  if (status >= 400) {
    return new ProviderError('bad_request', `${where}: the provider rejected the request (${status}): ${said}`, false, status, rateLimit);
  }
  return new ProviderError('unknown', `${where}: unexpected status ${status}: ${said}`, false, status, rateLimit);
}

/** Maps any failure of a provider call (SDK error, fetch error, abort) to one `ProviderError`. */
export function toProviderError(error: unknown, context: FailureContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const where = `${context.providerId}/${context.model}`;
  // Our own signals decide first: an abort surfaces from the SDK in several shapes.
  if (context.cancelled) return new ProviderError('cancelled', `${where}: cancelled`, false);
  if (context.timedOut) {
    return new ProviderError('timeout', `${where}: no answer within ${context.timeoutMs} ms`, true);
  }
  const status = field(error, 'status');
  if (typeof status === 'number' && status > 0) return fromStatus(status, error, context);

  const code = networkCode(error);
  if (code || looksLikeConnectionFailure(error)) {
    const target = context.baseUrl ? ` at ${context.baseUrl}` : '';
    return new ProviderError('network', `${where}: could not reach the provider${target} (${code ?? providerMessage(error) ?? 'connection failed'})`, true);
  }
  const rawMessage = field(error, 'message');
  if (typeof rawMessage === 'string' && /timed? ?out/i.test(rawMessage)) {
    return new ProviderError('timeout', `${where}: the request timed out`, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('unknown', `${where}: ${message}`, false);
}
