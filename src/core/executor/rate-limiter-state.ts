/** The rate limiter's options, tickets and per-budget state (see `rate-limiter.ts`). */
import type { RateLimitInfo, RateLimitReading } from '../providers/types';
import type { BackoffPolicy } from './backoff';
import { Pacer } from './pacer';

export interface RateLimiterOptions {
  /** Requests in flight before the first answer; the window then doubles per round trip until the first 429. Default 2. */
  initialWindow?: number;
  /** Multiplicative decrease of the rate on a 429. Default 0.9. */
  decrease?: number;
  /** Successes that climb the rate back to where it was before a decrease (the additive step). Default 100. */
  recoverySuccesses?: number;
  /** Share of a stated per-minute limit kept unused, for what timing cannot see. Default 0.02. */
  reserveFraction?: number;
  /** Bursts allowed once paced: this much of the rate. Servers often enforce per second. Default 1000. */
  burstMs?: number;
  /** Pause after a 429 without `retry-after` while the rate is still unknown. */
  backoff?: BackoffPolicy;
  random?: () => number;
}

/** What the limiter remembers about one send until its outcome is known. */
export interface SendTicket {
  readonly sequence: number;
  readonly sentAt: number;
  readonly tokens: number;
  /** The caller's estimate the cost was scaled from (undefined when it gave none). */
  readonly estimated: number | undefined;
  readonly requestsSentTotal: number;
  readonly tokensSentTotal: number;
  /** What our pacers held after this send: a request that left one or more behind spent saved-up burst. */
  readonly requestsLeft: number;
  readonly tokensLeft: number;
}

export type SendOutcome =
  /**
   * The server accepted the request. `chargedTokens`: what it counted against the tokens budget
   * (its prompt tokens plus the output cap it reserves). `backlogged`: more requests were waiting,
   * so the rate may grow.
   */
  | { kind: 'accepted'; rateLimit: RateLimitInfo; chargedTokens: number; backlogged: boolean }
  /** 429. */
  | { kind: 'limited'; rateLimit: RateLimitInfo }
  /** Anything else: another HTTP error (`rateLimit` from its headers), a timeout, a network error, a cancel. */
  | { kind: 'other'; rateLimit?: RateLimitInfo };

/** Which budget a 429 was about, as far as the answer tells. */
export type LimitCause = 'requests' | 'tokens' | 'day';

export const USAGE_SMOOTHING = 0.2;
export const MINUTE_MS = 60_000;
/** A delivery-rate sample needs this much time between two 429s, with at least this many requests accepted in it. */
export const SAMPLE_MIN_MS = 250;
export const SAMPLE_MIN_ACCEPTED = 2;
/** While the rate is still being found (after the first sample), each success raises it by this share. */
export const RATE_SLOW_START_GROWTH = 0.05;
/**
 * Before the first 429, sends go at most this many times as fast as a stated per-minute limit.
 * Any pace above the limit drains a bucket without wasting its refill; at 3, a run still ends
 * within the rate bound as long as the bucket holds at most two thirds of it.
 */
export const START_FACTOR = 3;

/** What we pace on for one kind of budget (requests or tokens). */
export interface Budget {
  readonly pacer: Pacer;
  /** Per ms, from headers that state a per-minute limit. */
  stated: number | undefined;
  /** Additive increase per success once a 429 decreased the rate. */
  step: number;
  /** Multiplicative increase per success until the next 429 (the rate was only a lower bound). */
  slowStart: boolean;
  /** Share of `burstMs` of the rate allowed at once; halves when a burst draws a 429. */
  burstShare: number;
}

export function budget(): Budget {
  return { pacer: new Pacer(), stated: undefined, step: 0, slowStart: false, burstShare: 1 };
}

export function statedRate(reading: RateLimitReading): number | undefined {
  return reading.limit !== undefined && reading.limit > 0 ? reading.limit / MINUTE_MS : undefined;
}
