import type { RateLimitInfo } from './types';

/** Reads one response header by (lower-case) name. */
export type HeaderLookup = (name: string) => string | null | undefined;

interface HeadersLike {
  get(name: string): string | null;
}

function isHeadersLike(value: unknown): value is HeadersLike {
  return typeof value === 'object' && value !== null && typeof (value as { get?: unknown }).get === 'function';
}

/**
 * A lookup over whatever the SDK hands us: a fetch `Headers` (groq-sdk, openai) or a plain
 * lower-cased record (the older Cerebras SDK's errors).
 */
export function headerLookup(headers: unknown): HeaderLookup {
  if (isHeadersLike(headers)) return (name) => headers.get(name);
  if (typeof headers === 'object' && headers !== null) {
    const record = headers as Record<string, unknown>;
    return (name) => {
      const value = record[name];
      return typeof value === 'string' ? value : undefined;
    };
  }
  return () => undefined;
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, μs: 0.001, ns: 0.000001 };
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
const PLAIN_SECONDS = /^\d+(?:\.\d*)?$|^\.\d+$/;

/**
 * A reset time as milliseconds: Groq sends Go-style durations (`2m59.56s`, `7.66s`, `120ms`),
 * Cerebras float seconds (`12.5`). Returns undefined for anything else.
 */
export function parseDurationMs(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (PLAIN_SECONDS.test(text)) return roundMs(Number(text) * 1000);
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < text.length) {
    const match = DURATION_PART.exec(text);
    if (!match) return undefined;
    const [, amount, unit] = match;
    total += Number(amount) * (UNIT_MS[unit as string] ?? Number.NaN);
  }
  return Number.isFinite(total) ? roundMs(total) : undefined;
}

/** Drops float noise (59.56 * 1000 = 59560.00000000001) at microsecond precision. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** `retry-after`: delay in seconds, or an HTTP date. Never negative. */
export function parseRetryAfterMs(value: string, nowMs: number = Date.now()): number | undefined {
  const text = value.trim();
  if (PLAIN_SECONDS.test(text)) return roundMs(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function toNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function toDuration(value: string | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : parseDurationMs(value);
}

const GROQ_NAMES = {
  limitRequests: 'x-ratelimit-limit-requests',
  limitTokens: 'x-ratelimit-limit-tokens',
  remainingRequests: 'x-ratelimit-remaining-requests',
  remainingTokens: 'x-ratelimit-remaining-tokens',
  resetRequests: 'x-ratelimit-reset-requests',
  resetTokens: 'x-ratelimit-reset-tokens',
};
const CEREBRAS_NAMES = {
  limitRequests: 'x-ratelimit-limit-requests-day',
  limitTokens: 'x-ratelimit-limit-tokens-minute',
  remainingRequests: 'x-ratelimit-remaining-requests-day',
  remainingTokens: 'x-ratelimit-remaining-tokens-minute',
  resetRequests: 'x-ratelimit-reset-requests-day',
  resetTokens: 'x-ratelimit-reset-tokens-minute',
};

/** Normalises both header flavours (and `retry-after` / `retry-after-ms`) into `RateLimitInfo`. */
export function parseRateLimitHeaders(get: HeaderLookup, nowMs?: number): RateLimitInfo {
  const groqLimit = get(GROQ_NAMES.limitRequests);
  const names = groqLimit === null || groqLimit === undefined ? CEREBRAS_NAMES : GROQ_NAMES;
  const info: RateLimitInfo = {};
  const limitRequests = toNumber(names === GROQ_NAMES ? groqLimit : get(names.limitRequests));
  if (limitRequests !== undefined) info.limitRequests = limitRequests;
  const remainingRequests = toNumber(get(names.remainingRequests));
  if (remainingRequests !== undefined) info.remainingRequests = remainingRequests;
  const resetRequestsMs = toDuration(get(names.resetRequests));
  if (resetRequestsMs !== undefined) info.resetRequestsMs = resetRequestsMs;
  const limitTokens = toNumber(get(names.limitTokens));
  if (limitTokens !== undefined) info.limitTokens = limitTokens;
  const remainingTokens = toNumber(get(names.remainingTokens));
  if (remainingTokens !== undefined) info.remainingTokens = remainingTokens;
  const resetTokensMs = toDuration(get(names.resetTokens));
  if (resetTokensMs !== undefined) info.resetTokensMs = resetTokensMs;

  const retryAfterMsHeader = toNumber(get('retry-after-ms'));
  const retryAfter = get('retry-after');
  const retryAfterMs = retryAfterMsHeader ?? (retryAfter ? parseRetryAfterMs(retryAfter, nowMs) : undefined);
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  return info;
}
