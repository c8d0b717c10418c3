import type { RateLimitInfo, RateLimitPeriod, RateLimitReading } from './types';

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

/**
 * Whose meaning the unsuffixed `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` headers
 * carry. They say nothing about their period, and providers disagree:
 * - `groq`: requests are per **day** (RPD) and tokens per **minute** (TPM) — "Always refers to
 *   Requests Per Day" in Groq's docs; no header carries Groq's requests per minute.
 * - `openai`: both per minute (OpenAI's RPM / TPM), also what OpenAI-compatible proxies copy.
 * - `cerebras`: Cerebras names the period in every header (`-requests-day`, `-tokens-minute`)
 *   and sends no unsuffixed ones; any that appear are ignored.
 * Suffixed names (`…-requests-minute`, `…-tokens-day`, `…-hour`) mean what they say in every dialect.
 */
export type RateLimitDialect = 'groq' | 'cerebras' | 'openai';

const UNSUFFIXED_PERIOD: Record<RateLimitDialect, { requests?: RateLimitPeriod; tokens?: RateLimitPeriod }> = {
  groq: { requests: 'day', tokens: 'minute' },
  openai: { requests: 'minute', tokens: 'minute' },
  cerebras: {},
};

const PERIODS: readonly RateLimitPeriod[] = ['minute', 'hour', 'day'];

type Resource = 'requests' | 'tokens';

interface ReadingNames {
  limit: string;
  remaining: string;
  reset: string;
}

/** The three header names of one reading, e.g. `x-ratelimit-limit-tokens-minute`: built once, not per answer. */
function readingNames(resource: Resource, suffix: string): ReadingNames {
  return { limit: `x-ratelimit-limit-${resource}${suffix}`, remaining: `x-ratelimit-remaining-${resource}${suffix}`, reset: `x-ratelimit-reset-${resource}${suffix}` };
}

const SUFFIXED_NAMES: Record<Resource, ReadonlyArray<readonly [RateLimitPeriod, ReadingNames]>> = {
  requests: PERIODS.map((period) => [period, readingNames('requests', `-${period}`)] as const),
  tokens: PERIODS.map((period) => [period, readingNames('tokens', `-${period}`)] as const),
};
const UNSUFFIXED_NAMES: Record<Resource, ReadingNames> = { requests: readingNames('requests', ''), tokens: readingNames('tokens', '') };

function reading(get: HeaderLookup, names: ReadingNames): RateLimitReading | undefined {
  const limit = toNumber(get(names.limit));
  const remaining = toNumber(get(names.remaining));
  if (limit === undefined && remaining === undefined) return undefined;
  const resetMs = toDuration(get(names.reset));
  const result: RateLimitReading = {};
  if (limit !== undefined) result.limit = limit;
  if (remaining !== undefined) result.remaining = remaining;
  if (resetMs !== undefined) result.resetMs = resetMs;
  return result;
}

function readings(get: HeaderLookup, resource: Resource, dialect: RateLimitDialect): Partial<Record<RateLimitPeriod, RateLimitReading>> | undefined {
  let found: Partial<Record<RateLimitPeriod, RateLimitReading>> | undefined;
  for (const [period, names] of SUFFIXED_NAMES[resource]) {
    const value = reading(get, names);
    if (value) (found ??= {})[period] = value;
  }
  const period = UNSUFFIXED_PERIOD[dialect][resource];
  if (period && !found?.[period]) {
    const value = reading(get, UNSUFFIXED_NAMES[resource]);
    if (value) (found ??= {})[period] = value;
  }
  return found;
}

/**
 * Reads the rate-limit headers of one answer in the provider's `dialect`, each figure under the
 * period it covers (see `RateLimitDialect`), plus `retry-after-ms` / `retry-after`.
 */
export function parseRateLimitHeaders(get: HeaderLookup, dialect: RateLimitDialect, nowMs?: number): RateLimitInfo {
  const info: RateLimitInfo = {};
  const requests = readings(get, 'requests', dialect);
  if (requests) info.requests = requests;
  const tokens = readings(get, 'tokens', dialect);
  if (tokens) info.tokens = tokens;
  const retryAfterMsHeader = toNumber(get('retry-after-ms'));
  const retryAfter = get('retry-after');
  const retryAfterMs = retryAfterMsHeader ?? (retryAfter ? parseRetryAfterMs(retryAfter, nowMs) : undefined);
  if (retryAfterMs !== undefined && retryAfterMs >= 0) info.retryAfterMs = retryAfterMs;
  return info;
}

/** The dialect of a user-declared OpenAI-compatible endpoint: Groq's or Cerebras' own host speaks theirs. */
export function dialectForBaseUrl(baseUrl: string): RateLimitDialect {
  let host = '';
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return 'openai';
  }
  if (host === 'groq.com' || host.endsWith('.groq.com')) return 'groq';
  if (host === 'cerebras.ai' || host.endsWith('.cerebras.ai')) return 'cerebras';
  return 'openai';
}
