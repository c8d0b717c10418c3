import { parseDurationMs } from './rate-limit-headers';
import type { RateLimitInfo, RateLimitPeriod } from './types';

/** What the words of a 429 (or 413) say about the limit, for when the headers say less. */
export interface RateLimitMessage {
  /** The limit it hit: `on tokens per minute (TPM)`, `Requests per minute limit exceeded`, `on requests per day (RPD)`. */
  limitedOn?: NonNullable<RateLimitInfo['limitedOn']>;
  /** `Please try again in 4.77s` (Groq, OpenAI), as ms. */
  retryAfterMs?: number;
  /** `Request too large for …`: one request needs more than the whole limit, so waiting never helps. */
  tooLarge: boolean;
}

const LIMIT = /\b(requests|tokens) per (min(?:ute)?|hour|day)\b/i;
const TRY_AGAIN = /\btry again in ((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)/i;
const TOO_LARGE = /\brequest too large\b/i;
const PERIOD: Record<string, RateLimitPeriod> = { min: 'minute', minute: 'minute', hour: 'hour', day: 'day' };

/**
 * Reads the message of a rate-limit answer in the shapes providers use:
 * - Groq: `Rate limit reached for model … on requests per minute (RPM): Limit 30, Used 30,
 *   Requested 1. Please try again in 399ms.` (also `tokens per minute (TPM)`, `tokens per day (TPD)`),
 *   and a 413 `Request too large for model … on tokens per minute (TPM): Limit 6000, Requested 12328`;
 * - OpenAI: the same words with `per min`, and its `Request too large` comes as a 429;
 * - Cerebras: `Requests per minute limit exceeded - too many requests sent.`, with no wait.
 * Anything else (a proxy's `Too Many Requests`, an empty body) says nothing.
 */
export function readRateLimitMessage(message: string | undefined): RateLimitMessage {
  const result: RateLimitMessage = { tooLarge: false };
  if (!message) return result;
  result.tooLarge = TOO_LARGE.test(message);
  const limit = LIMIT.exec(message);
  const period = limit ? PERIOD[(limit[2] ?? '').toLowerCase()] : undefined;
  if (limit && period) result.limitedOn = { resource: (limit[1] ?? '').toLowerCase() === 'tokens' ? 'tokens' : 'requests', period };
  const wait = TRY_AGAIN.exec(message)?.[1];
  const waitMs = wait === undefined ? undefined : parseDurationMs(wait);
  if (waitMs !== undefined) result.retryAfterMs = waitMs;
  return result;
}
