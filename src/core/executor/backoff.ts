export interface BackoffPolicy {
  /** Ceiling of the first retry's delay; doubles with every further attempt. */
  baseMs: number;
  /** No computed delay exceeds this (a server's `retry-after` may). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before retry number `retry` (1 for the first retry): the server's `retry-after` when it
 * sent one, else exponential backoff with full jitter (uniform in [0, min(max, base·2^(retry−1)))),
 * which spreads the retries of many clients that failed together.
 */
export function backoffDelay(
  retry: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) return retryAfterMs;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
