import type { RateLimitInfo } from '../providers/types';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { MirroredBucket } from './mirrored-bucket';
import { budget, statedRate, USAGE_SMOOTHING, MINUTE_MS, SAMPLE_MIN_MS, SAMPLE_MIN_ACCEPTED, RATE_SLOW_START_GROWTH, START_FACTOR, type Budget, type LimitCause, type RateLimiterOptions, type SendOutcome, type SendTicket } from './rate-limiter-state';

export type { RateLimiterOptions, SendOutcome, SendTicket } from './rate-limiter-state';

/**
 * Paces one budget — the requests of one model of one provider account — so a run slows down to
 * what the server enforces instead of hammering it, and learns that from what it sees:
 *
 * - Concurrency: a window of requests in flight that starts at 2 and doubles per round trip
 *   until the first 429 (slow start), then grows by one per round trip; a 429 halves it, and a
 *   second 429 in a row (a storm) collapses it to one probe at a time.
 * - Rate: before the first 429 only a per-minute limit the headers state holds requests back —
 *   what they say is left of it, and a start capped at one second of it at once, then three times
 *   its rate. From the first 429 on requests wait on our own token bucket: at a stated per-minute
 *   limit (less a 2 % reserve) when headers state one, else at the delivery rate measured between
 *   two 429s — the server's bucket was empty at both, so what it accepted in between is its refill,
 *   or less if we were not sending all the time: the rate then grows by 5 % per success until the
 *   next 429. Every further 429 decreases the rate multiplicatively (and to at most a new sample),
 *   and every success while requests wait adds back a fixed step, so the rate returns to where it
 *   was after `recoverySuccesses` successes. Bursts are one second of the rate (a per-minute limit
 *   is often enforced per second) and halve if one still draws a 429.
 * - `retry-after` (or `retry-after-ms`) pauses the whole budget; a 429 without it pauses for one
 *   refill at the learned rate, or a jittered backoff while the rate is unknown.
 * - A daily budget at zero (Groq's and Cerebras' `-requests` per day) only pauses, it never
 *   lowers the per-minute rate: a daily count is never taken for a per-minute one. So does a 429
 *   whose words name a daily or hourly limit (Groq's `on tokens per day (TPD)`); its words' wait
 *   (`Please try again in 4.77s`) stands in for a missing `retry-after` (see `rate-limit-message`).
 */
export class RateLimiter {
  private readonly decrease: number;
  private readonly recoverySuccesses: number;
  private readonly reserveFraction: number;
  private readonly burstMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;

  private window: number;
  private slowStart = true;
  private inFlightCount = 0;

  private readonly requests = budget();
  private readonly tokens = budget();
  /** Mirrors of what per-minute headers say is left; they only hold back, never speed up. */
  private readonly requestMirror = new MirroredBucket(0.02, 1_000);
  private readonly tokenMirror = new MirroredBucket(0.02, 1_000);

  private pausedUntil = 0;
  /** The last time the window held a request back, as the number of the next ticket then. */
  private windowBoundAtSequence = -1;
  private limitedOnce = false;
  private consecutiveLimited = 0;
  /** Decisions (fresh 429s) since the last success: what the backoff without retry-after grows with. */
  private limitedRounds = 0;
  /** Tickets numbered below this were sent before the last decrease: their 429s are old news. */
  private decreasedAtSequence = 0;
  private sequence = 0;
  /** What the server charged per request on average, and over what we estimated. */
  private averageTokens = 0;
  private tokenScale = 1;

  /** When the last 429 showed the requests bucket empty (its send time), and what was accepted since. */
  private emptyAt: number | undefined;
  private acceptedSinceEmpty = 0;

  private readonly waiters = new Set<() => void>();

  constructor(options: RateLimiterOptions = {}) {
    this.window = Math.max(1, options.initialWindow ?? 2);
    this.decrease = options.decrease ?? 0.9;
    this.recoverySuccesses = Math.max(1, options.recoverySuccesses ?? 100);
    this.reserveFraction = options.reserveFraction ?? 0.02;
    this.burstMs = options.burstMs ?? 1_000;
    this.backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    this.random = options.random ?? Math.random;
  }

  /**
   * One limiter for budgets found to share one server-side limit, starting from what they learned
   * apart: their windows and rates added up, the longest pause.
   */
  static merged(limiters: readonly RateLimiter[], options: RateLimiterOptions, now: number): RateLimiter {
    const merged = new RateLimiter(options);
    const used = limiters.filter((limiter) => limiter.sequence > 0);
    if (used.length === 0) return merged;
    merged.window = used.reduce((sum, limiter) => sum + Math.floor(limiter.window), 0);
    merged.slowStart = used.every((limiter) => limiter.slowStart);
    merged.limitedOnce = used.some((limiter) => limiter.limitedOnce);
    merged.pausedUntil = Math.max(...used.map((limiter) => limiter.pausedUntil));
    merged.averageTokens = used.reduce((sum, limiter) => sum + limiter.averageTokens, 0) / used.length;
    merged.tokenScale = used.reduce((sum, limiter) => sum + limiter.tokenScale, 0) / used.length;
    for (const which of ['requests', 'tokens'] as const) {
      const rates = used.map((limiter) => limiter[which].pacer.ratePerMs);
      if (rates.some((rate) => rate === undefined)) continue;
      const rate = rates.reduce<number>((sum, r) => sum + (r ?? 0), 0);
      const budget = merged[which];
      budget.step = used.reduce((sum, limiter) => sum + limiter[which].step, 0);
      merged.setRate(budget, rate, which === 'requests' ? 1 : merged.averageTokens, now);
    }
    return merged;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** For tests and diagnostics: what the limiter believes now. */
  snapshot(): { window: number; requestsPerMinute: number | undefined; tokensPerMinute: number | undefined; requestBurst: number } {
    const perMinute = (rate: number | undefined) => (rate === undefined ? undefined : rate * MINUTE_MS);
    return {
      window: Math.floor(this.window),
      requestsPerMinute: perMinute(this.requests.pacer.ratePerMs),
      tokensPerMinute: perMinute(this.tokens.pacer.ratePerMs),
      requestBurst: this.requests.pacer.burst,
    };
  }

  /**
   * Tokens to reserve for a request: the caller's estimate scaled by how the server's count
   * compared with our estimates so far (another tokenizer, template overhead), else the average charge.
   */
  tokenCost(estimatedTokens: number | undefined): number {
    return estimatedTokens === undefined ? this.averageTokens : Math.round(estimatedTokens * this.tokenScale);
  }

  /** ms to wait before sending a request costing `tokens`: 0 means now, Infinity means until a request in flight ends. */
  delayBeforeSend(tokens: number, now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (this.inFlightCount >= Math.floor(this.window)) {
      this.windowBoundAtSequence = this.sequence;
      return Infinity;
    }
    const wait = Math.max(
      this.requests.pacer.delayFor(1, now),
      this.tokens.pacer.delayFor(tokens, now),
      this.requestMirror.delayFor(1, now),
      this.tokenMirror.delayFor(tokens, now),
    );
    // With nothing in flight no answer will come to teach us more: send one and see.
    return wait === Infinity && this.inFlightCount === 0 ? 0 : wait;
  }

  /** Calls `listener` once, the next time a request of this budget ends (another run may be waiting for that). */
  onceChanged(listener: () => void): void {
    this.waiters.add(listener);
  }

  onSend(tokens: number, now: number, estimated?: number): SendTicket {
    this.inFlightCount++;
    const ticket: SendTicket = {
      sequence: this.sequence++,
      sentAt: now,
      tokens,
      estimated,
      requestsSentTotal: this.requestMirror.take(1, now),
      tokensSentTotal: this.tokenMirror.take(tokens, now),
      requestsLeft: this.requests.pacer.take(1, now),
      tokensLeft: this.tokens.pacer.take(tokens, now),
    };
    return ticket;
  }

  /** Learns from how a send ended. For a 429, returns how long the budget now pauses (ms). */
  onSettled(ticket: SendTicket, outcome: SendOutcome, now: number): number {
    this.inFlightCount--;
    if (outcome.rateLimit) this.learnFromHeaders(ticket, outcome.rateLimit, now);
    let pauseMs = 0;
    if (outcome.kind === 'accepted') this.onAccepted(ticket, outcome, now);
    else if (outcome.kind === 'limited') pauseMs = this.onLimited(ticket, outcome.rateLimit, now);
    this.notify();
    return pauseMs;
  }

  /** ms left in a 429 pause (0 when none). */
  pausedFor(now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }

  private onAccepted(ticket: SendTicket, outcome: { chargedTokens: number; backlogged: boolean }, now: number): void {
    this.consecutiveLimited = 0;
    this.limitedRounds = 0;
    if (this.emptyAt !== undefined && ticket.sentAt > this.emptyAt) this.acceptedSinceEmpty++;
    // Answers to what was sent before the last decrease say nothing about the state after it.
    if (ticket.sequence < this.decreasedAtSequence) return;
    // The window grows only while it is what holds requests back (it did while this one was out).
    if (this.windowBoundAtSequence > ticket.sequence) this.window += this.slowStart ? 1 : 1 / this.window;
    const charged = outcome.chargedTokens;
    this.averageTokens = this.averageTokens === 0 ? charged : this.averageTokens + USAGE_SMOOTHING * (charged - this.averageTokens);
    if (ticket.estimated !== undefined && ticket.estimated > 0 && charged > 0) {
      this.tokenScale += USAGE_SMOOTHING * (charged / ticket.estimated - this.tokenScale);
    }
    // A rate grows only while it is what holds requests back: requests were waiting, and this one
    // had waited for its pacer (it left less than its own cost behind).
    if (outcome.backlogged) {
      if (ticket.requestsLeft < 1) this.grow(this.requests, 1, now);
      if (ticket.tokensLeft < ticket.tokens) this.grow(this.tokens, this.averageTokens, now);
    }
  }

  private grow(budget: Budget, cost: number, now: number): void {
    const rate = budget.pacer.ratePerMs;
    if (rate === undefined) return;
    const ceiling = budget.stated === undefined ? Infinity : budget.stated * (1 - this.reserveFraction);
    if (rate >= ceiling) return;
    const next = budget.slowStart ? rate * (1 + RATE_SLOW_START_GROWTH) : rate + budget.step;
    this.setRate(budget, Math.min(ceiling, next), cost, now);
  }

  private setRate(budget: Budget, rate: number, cost: number, now: number): void {
    budget.pacer.setRate(rate, Math.max(cost, rate * this.burstMs * budget.burstShare), now);
  }

  private onLimited(ticket: SendTicket, info: RateLimitInfo, now: number): number {
    this.consecutiveLimited++;
    const cause = this.causeOf(ticket, info);
    const fresh = ticket.sequence >= this.decreasedAtSequence;
    // Only a 429 sent after the last decrease marks a new moment the bucket was empty; the rest
    // of a storm were sent into the same emptiness.
    const sample = cause === 'requests' && fresh ? this.deliverySample(ticket) : undefined;
    if (cause === 'day') return this.pause(info.retryAfterMs ?? this.fallbackPause(cause, ticket.tokens), now);

    if (fresh) {
      this.limitedRounds++;
      this.decreasedAtSequence = this.sequence;
      this.slowStart = false;
      this.window = Math.max(1, Math.floor(this.window / 2));
      if (!this.limitedOnce) this.startPacing(now);
      else this.lower(cause === 'tokens' && this.tokens.pacer.ratePerMs !== undefined ? 'tokens' : 'requests', ticket, sample, now);
      this.limitedOnce = true;
    }
    if (this.requests.pacer.ratePerMs === undefined && sample !== undefined) {
      // The first measure of the rate, a lower bound: grow from it until the next 429 says where it ends.
      this.setRate(this.requests, sample, 1, now);
      this.requests.step = (sample * (1 - this.decrease)) / this.recoverySuccesses;
      this.requests.slowStart = true;
    }
    if (this.consecutiveLimited >= 2) this.window = 1;
    (cause === 'tokens' ? this.tokens : this.requests).pacer.empty(now);
    // Without retry-after, the storm's first 429 decides the wait; the rest only join it.
    if (info.retryAfterMs === undefined && !fresh) return this.pausedFor(now);
    return this.pause(info.retryAfterMs ?? this.fallbackPause(cause, ticket.tokens), now);
  }

  private pause(ms: number, now: number): number {
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    return ms;
  }

  /** The first 429: pace at every per-minute limit the headers state; the rest is learned from further 429s. */
  private startPacing(now: number): void {
    if (this.requests.stated !== undefined) this.setRate(this.requests, this.requests.stated * (1 - this.reserveFraction), 1, now);
    if (this.tokens.stated !== undefined) this.setRate(this.tokens, this.tokens.stated * (1 - this.reserveFraction), this.averageTokens, now);
  }

  private lower(which: 'requests' | 'tokens', ticket: SendTicket, sample: number | undefined, now: number): void {
    const budget = which === 'tokens' ? this.tokens : this.requests;
    const cost = which === 'tokens' ? ticket.tokens : 1;
    const rate = budget.pacer.ratePerMs;
    if (rate === undefined) return;
    // Sent with saved-up burst left behind: the burst was too big, not the rate (unless the rate
    // was still being found, or the server accepted clearly less than it).
    const belowRate = sample !== undefined && sample < rate * this.decrease;
    if (!budget.slowStart && !belowRate && (which === 'tokens' ? ticket.tokensLeft : ticket.requestsLeft) >= cost) {
      budget.burstShare /= 2;
      this.setRate(budget, rate, cost, now);
      return;
    }
    let next = rate * this.decrease;
    if (sample !== undefined && (sample < next || budget.slowStart)) next = sample;
    budget.step = (rate * (1 - this.decrease)) / this.recoverySuccesses;
    budget.slowStart = false;
    this.setRate(budget, next, cost, now);
  }

  /**
   * Requests accepted per ms between an earlier 429 and this one (by send time; the few still in
   * flight are left out): the server's bucket was empty at both, so that is its refill rate — a
   * lower bound, if we were not sending all the time. Too short an interval says nothing: the
   * next 429 then extends it.
   */
  private deliverySample(ticket: SendTicket): number | undefined {
    const from = this.emptyAt;
    const to = ticket.sentAt;
    if (from === undefined) {
      this.emptyAt = to;
      this.acceptedSinceEmpty = 0;
      return undefined;
    }
    if (to <= from) return undefined;
    const accepted = this.acceptedSinceEmpty;
    const elapsed = to - from;
    if (elapsed < SAMPLE_MIN_MS || accepted < SAMPLE_MIN_ACCEPTED) return undefined;
    this.emptyAt = to;
    this.acceptedSinceEmpty = 0;
    return accepted / elapsed;
  }

  private causeOf(ticket: SendTicket, info: RateLimitInfo): LimitCause {
    // The 429's own words, when it has them: a limit over an hour or a day only pauses. Tokens are
    // paced on their own only where a per-minute tokens limit is stated; else the requests rate,
    // learned from deliveries, carries them.
    const said = info.limitedOn;
    if (said && said.period !== 'minute') return 'day';
    if (said) return said.resource === 'tokens' && this.tokens.stated !== undefined ? 'tokens' : 'requests';
    const requestsDay = info.requests?.day?.remaining;
    const tokensDay = info.tokens?.day?.remaining;
    if ((requestsDay !== undefined && requestsDay < 1) || (tokensDay !== undefined && tokensDay < ticket.tokens)) return 'day';
    const tokensMinute = info.tokens?.minute?.remaining;
    const requestsMinute = info.requests?.minute?.remaining;
    if (tokensMinute !== undefined && tokensMinute < ticket.tokens && !(requestsMinute !== undefined && requestsMinute < 1)) return 'tokens';
    return 'requests';
  }

  private fallbackPause(cause: LimitCause, tokens: number): number {
    const rate = (cause === 'tokens' ? this.tokens : this.requests).pacer.ratePerMs;
    if (rate !== undefined && rate > 0) return (cause === 'tokens' ? tokens : 1) / rate;
    // A storm's other 429s were sent into the same emptiness: they do not double the wait again.
    return backoffDelay(Math.max(1, this.limitedRounds), this.backoff, this.random);
  }

  private learnFromHeaders(ticket: SendTicket, info: RateLimitInfo, now: number): void {
    const requests = info.requests?.minute;
    const tokens = info.tokens?.minute;
    if (requests) {
      this.requestMirror.observe(requests.limit, requests.remaining, requests.resetMs, ticket.sequence, ticket.sentAt, ticket.requestsSentTotal, now);
      this.learnStated(this.requests, statedRate(requests), 1, now);
    }
    if (tokens) {
      this.tokenMirror.observe(tokens.limit, tokens.remaining, tokens.resetMs, ticket.sequence, ticket.sentAt, ticket.tokensSentTotal, now);
      this.learnStated(this.tokens, statedRate(tokens), this.averageTokens, now);
    }
  }

  /**
   * A stated per-minute limit, before the first 429, caps how fast the start may go: at a few
   * times the limit a bucket of any size still drains (no refill is wasted), but when it turns out
   * to hold only a second of the rate, the requests already sent into it — all answered 429 — are
   * a few, not a whole window.
   */
  private learnStated(budget: Budget, stated: number | undefined, cost: number, now: number): void {
    if (stated === undefined || stated === budget.stated) return;
    budget.stated = stated;
    if (!this.limitedOnce) budget.pacer.setRate(stated * START_FACTOR, Math.max(cost, stated * this.burstMs), now, true);
  }

  private notify(): void {
    if (this.waiters.size === 0) return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    // After the caller has finished with this answer: a waiting run then sees the new state.
    queueMicrotask(() => {
      for (const waiter of waiters) waiter();
    });
  }
}
