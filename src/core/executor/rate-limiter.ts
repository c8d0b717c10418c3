import type { RateLimitInfo } from '../providers/types';
import { MirroredBucket } from './mirrored-bucket';

export interface RateLimiterOptions {
  /** Requests allowed in flight before the first answer has told us the limits (and after a 429). */
  probeRequests?: number;
  /** Share of each limit kept unused as a safety margin; it costs burst, not sustained rate. Default 0.02. */
  reserveFraction?: number;
  /** ...but never more than this many ms of refill. Default 1000. */
  reserveMs?: number;
}

/** What the limiter remembers about one send until its outcome is known. */
export interface SendTicket {
  readonly sequence: number;
  readonly sentAt: number;
  readonly requestsSentTotal: number;
  readonly tokensSentTotal: number;
}

export interface SendOutcome {
  /** Rate-limit headers of the answer, if one arrived. */
  rateLimit?: RateLimitInfo;
  /** The server answered (success or HTTP error), as opposed to a timeout, network error or cancel. */
  answered: boolean;
  /** Tokens the request really used, to estimate requests that come without an estimate. */
  usedTokens?: number;
}

const USAGE_SMOOTHING = 0.2;

/**
 * Paces the requests of one (provider, model) pair — Groq and Cerebras limit per model — so a
 * run slows down to the server's limits instead of hammering them: it mirrors the server's
 * request and token buckets from the rate-limit headers, holds back until they can pay for the
 * next request, and stops everything until `retry-after` when a 429 comes anyway.
 */
export class RateLimiter {
  private readonly requests: MirroredBucket;
  private readonly tokens: MirroredBucket;
  private readonly probeRequests: number;
  private pausedUntil = 0;
  private probing = true;
  private sequence = 0;
  private averageTokens = 0;
  private inFlightCount = 0;

  constructor(options: RateLimiterOptions = {}) {
    const reserveFraction = options.reserveFraction ?? 0.02;
    const reserveMs = options.reserveMs ?? 1_000;
    this.requests = new MirroredBucket(reserveFraction, reserveMs);
    this.tokens = new MirroredBucket(reserveFraction, reserveMs);
    this.probeRequests = Math.max(1, options.probeRequests ?? 2);
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Tokens to reserve for a request: the caller's estimate, else what requests used so far. */
  tokenCost(estimatedTokens: number | undefined): number {
    return estimatedTokens ?? this.averageTokens;
  }

  /** ms to wait before sending a request costing `tokens`: 0 means now, Infinity means until an in-flight request ends. */
  delayBeforeSend(tokens: number, now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (this.probing) return this.inFlightCount < this.probeRequests ? 0 : Infinity;
    const wait = Math.max(this.requests.delayFor(1, now), this.tokens.delayFor(tokens, now));
    // With nothing in flight no answer will come to teach us more: send one and see.
    return wait === Infinity && this.inFlightCount === 0 ? 0 : wait;
  }

  onSend(tokens: number, now: number): SendTicket {
    this.inFlightCount++;
    return {
      sequence: this.sequence++,
      sentAt: now,
      requestsSentTotal: this.requests.take(1, now),
      tokensSentTotal: this.tokens.take(tokens, now),
    };
  }

  onSettled(ticket: SendTicket, outcome: SendOutcome, now: number): void {
    this.inFlightCount--;
    const info = outcome.rateLimit;
    if (info) {
      const { sequence, sentAt } = ticket;
      this.requests.observe(info.limitRequests, info.remainingRequests, info.resetRequestsMs, sequence, sentAt, ticket.requestsSentTotal, now);
      this.tokens.observe(info.limitTokens, info.remainingTokens, info.resetTokensMs, sequence, sentAt, ticket.tokensSentTotal, now);
    }
    if (outcome.answered) this.probing = false;
    if (outcome.usedTokens !== undefined) {
      this.averageTokens = this.averageTokens === 0 ? outcome.usedTokens : this.averageTokens + USAGE_SMOOTHING * (outcome.usedTokens - this.averageTokens);
    }
  }

  /** After a 429: nothing is sent before `until`, then only a probe until an answer comes back. */
  pause(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
    this.probing = true;
  }

  /** ms left in a 429 pause (0 when none). */
  pausedFor(now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }
}
