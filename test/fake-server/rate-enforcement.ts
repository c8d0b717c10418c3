/**
 * How the fake server enforces a rate limit, in the styles real providers use, so the executor is
 * tested against limits that do not agree with it by construction: a bucket holding one second of
 * the per-minute rate (quantized to the second) or a whole minute; per model or shared by the
 * organisation; bound on requests or on tokens; headers that state the per-minute limit, only
 * Groq's and Cerebras' daily request counts, or nothing; `retry-after` in seconds, in ms, or
 * missing; and a limit that halves mid-run when another client appears. Pure: time is passed in.
 */
import { TokenBucket } from './token-bucket';
import { groqDuration } from './wire-format';

/**
 * What the rate-limit headers say:
 * - `openai`: unsuffixed `x-ratelimit-*-requests` / `-tokens` per **minute** (the stated limit),
 *   `remaining` counted against a whole minute, whatever the enforced bucket holds;
 * - `groq`: unsuffixed requests per **day**, tokens per minute (as Groq's docs);
 * - `cerebras`: `-requests-day` and `-tokens-minute` (as Cerebras' docs);
 * - `none`: no rate-limit headers at all.
 */
export type HeaderStyle = 'openai' | 'groq' | 'cerebras' | 'none';
export type RetryAfterStyle = 'seconds' | 'milliseconds' | 'none';
/**
 * What a 429 (or a request too large) says in its body, in the shapes real servers send:
 * - `groq`: `{ error: { message, type, code } }`, the message naming the limit, its figures and
 *   the wait (`… on requests per minute (RPM): Limit 30, Used 30, Requested 1. Please try again in
 *   399ms. …`); a request too large is a 413;
 * - `openai`: the same nesting and words (`per min (RPM)`), but a request too large is a 429;
 * - `cerebras`: a top-level `{ message, type, param, code }` naming the limit, no figures, no wait;
 * - `text`: a proxy's plain `Too Many Requests`; `empty`: no body at all.
 */
export type ErrorBodyStyle = 'groq' | 'openai' | 'cerebras' | 'text' | 'empty';

export interface RateEnforcement {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** Seconds of the per-minute rate each bucket holds: 1 = quantized to the second, 60 = a minute (default). */
  burstSeconds?: number;
  /** Capacity of the requests bucket, overriding `burstSeconds` for it. */
  burst?: number;
  /** One set of buckets per model (default), or one for the whole organisation. */
  scope?: 'model' | 'organization';
  /** Default: the flavour's own (`groq` on the Groq path, `cerebras` on the Cerebras path). */
  headers?: HeaderStyle;
  /** Default `seconds` (rounded up, at least 1, as servers send it). */
  retryAfter?: RetryAfterStyle;
  /** The body of a 429 or a request too large (see `ErrorBodyStyle`). Default: the flavour's own. */
  errorBody?: ErrorBodyStyle;
  /** Reported by the daily headers. Default 10,000,000 (never binding). */
  requestsPerDay?: number;
  /**
   * This long (ms) after the first request, another client starts taking half of every refill:
   * the rate left to us halves while the stated limit stays what it was.
   */
  halveAfterMs?: number;
}

/** Everything an answer needs to say about the limit. `headers` is a flat `[name, value, …]` list. */
export type Admission =
  | { status: 200; headers: string[] }
  | {
      status: 429;
      headers: string[];
      kind: 'requests' | 'tokens';
      waitSeconds: number;
      /** For the message: the per-minute limit hit, what the last minute used of it, what this request asked. */
      limit: number;
      used: number;
      requested: number;
    }
  | { status: 413; headers: string[]; tokens: number; capacity: number };

export interface BucketReport {
  /** The model, or `*` for the organisation's buckets. */
  key: string;
  accepted: number;
  acceptedTokens: number;
  rejected: number;
  /** Least time the server could have taken to accept what it accepted (ms), given its buckets start full. */
  boundMs: number;
}

export interface RateReport {
  buckets: BucketReport[];
  /** The largest bound over the buckets: no client could have finished sooner. */
  boundMs: number;
  /** When the first request and the last accepted one arrived (ms, the server's clock). */
  firstAt: number | undefined;
  lastAcceptedAt: number | undefined;
}

const NEVER_BINDING_TOKENS_PER_MINUTE = 10_000_000;
const DEFAULT_REQUESTS_PER_DAY = 10_000_000;
const DAY_MS = 86_400_000;

/** A bucket as enforced, and the whole-minute one the `openai` headers count against. */
interface Dimension {
  perMinute: number;
  enforced: TokenBucket;
  stated: TokenBucket;
  accepted: number;
}

interface Buckets {
  key: string;
  requests: Dimension | undefined;
  tokens: Dimension | undefined;
  acceptedRequests: number;
  acceptedTokens: number;
  rejected: number;
  day: { used: number; since: number };
}

export class RateEnforcer {
  private readonly buckets = new Map<string, Buckets>();
  private firstAt: number | undefined;
  private lastAcceptedAt: number | undefined;
  private halved = false;

  constructor(readonly config: RateEnforcement) {}

  /** Counts one request costing `tokens` (prompt plus the output cap, reserved up front) and says how to answer. */
  admit(model: string, tokens: number, flavour: 'groq' | 'cerebras', now: number): Admission {
    this.firstAt ??= now;
    this.halveWhenDue(now);
    const buckets = this.bucketsFor(this.config.scope === 'organization' ? '*' : model, now);
    const style = this.config.headers ?? flavour;
    const { requests, tokens: tokenBucket } = buckets;
    if (tokenBucket && tokens > tokenBucket.enforced.capacity) {
      buckets.rejected++;
      return { status: 413, headers: headersFor(style, buckets, this.config.requestsPerDay ?? DEFAULT_REQUESTS_PER_DAY, now), tokens, capacity: tokenBucket.enforced.capacity };
    }
    const requestWait = requests ? requests.enforced.secondsUntilAvailable(1, now) : 0;
    const tokenWait = tokenBucket ? tokenBucket.enforced.secondsUntilAvailable(tokens, now) : 0;
    if (requestWait > 0 || tokenWait > 0) {
      buckets.rejected++;
      const waitSeconds = Math.max(requestWait, tokenWait);
      const kind = requestWait > 0 ? 'requests' : 'tokens';
      const hit = (kind === 'requests' ? requests : tokenBucket) as Dimension;
      return {
        status: 429,
        headers: [...this.retryAfter(waitSeconds), ...headersFor(style, buckets, this.config.requestsPerDay ?? DEFAULT_REQUESTS_PER_DAY, now)],
        kind,
        waitSeconds,
        limit: hit.perMinute,
        used: Math.round(hit.perMinute - hit.stated.remaining(now)),
        requested: kind === 'requests' ? 1 : tokens,
      };
    }
    take(requests, 1, now);
    take(tokenBucket, tokens, now);
    buckets.acceptedRequests++;
    buckets.acceptedTokens += tokens;
    buckets.day.used++;
    this.lastAcceptedAt = now;
    return { status: 200, headers: headersFor(style, buckets, this.config.requestsPerDay ?? DEFAULT_REQUESTS_PER_DAY, now) };
  }

  report(): RateReport {
    const halveAfterMs = this.config.halveAfterMs;
    const buckets = [...this.buckets.values()].map((b) => ({
      key: b.key,
      accepted: b.acceptedRequests,
      acceptedTokens: b.acceptedTokens,
      rejected: b.rejected,
      boundMs: Math.max(boundOf(b.requests, halveAfterMs), boundOf(b.tokens, halveAfterMs)),
    }));
    return { buckets, boundMs: Math.max(0, ...buckets.map((b) => b.boundMs)), firstAt: this.firstAt, lastAcceptedAt: this.lastAcceptedAt };
  }

  private halveWhenDue(now: number): void {
    const after = this.config.halveAfterMs;
    if (this.halved || after === undefined || this.firstAt === undefined || now < this.firstAt + after) return;
    this.halved = true;
    const at = this.firstAt + after;
    for (const buckets of this.buckets.values()) {
      halve(buckets.requests, at);
      halve(buckets.tokens, at);
    }
  }

  private bucketsFor(key: string, now: number): Buckets {
    let buckets = this.buckets.get(key);
    if (!buckets) {
      const { requestsPerMinute, tokensPerMinute } = this.config;
      const burstSeconds = this.config.burstSeconds ?? 60;
      buckets = {
        key,
        requests: requestsPerMinute ? dimension(requestsPerMinute, this.config.burst ?? (requestsPerMinute * burstSeconds) / 60, now) : undefined,
        tokens: tokensPerMinute ? dimension(tokensPerMinute, (tokensPerMinute * burstSeconds) / 60, now) : undefined,
        acceptedRequests: 0,
        acceptedTokens: 0,
        rejected: 0,
        day: { used: 0, since: now },
      };
      this.buckets.set(key, buckets);
    }
    return buckets;
  }

  private retryAfter(waitSeconds: number): string[] {
    switch (this.config.retryAfter ?? 'seconds') {
      case 'seconds':
        return ['retry-after', String(Math.max(1, Math.ceil(waitSeconds)))];
      case 'milliseconds':
        return ['retry-after-ms', String(Math.max(1, Math.ceil(waitSeconds * 1000)))];
      case 'none':
        return [];
    }
  }
}

function dimension(perMinute: number, capacity: number, now: number): Dimension {
  return {
    perMinute,
    enforced: new TokenBucket(capacity, perMinute / 60, now),
    stated: new TokenBucket(perMinute, perMinute / 60, now),
    accepted: 0,
  };
}

function take(dimension: Dimension | undefined, cost: number, now: number): void {
  if (!dimension) return;
  dimension.enforced.take(cost, now);
  dimension.stated.take(cost, now);
  dimension.accepted += cost;
}

function halve(dimension: Dimension | undefined, now: number): void {
  if (!dimension) return;
  dimension.enforced.setRefillPerSecond(dimension.enforced.refillPerSecond / 2, now);
  dimension.stated.setRefillPerSecond(dimension.stated.refillPerSecond / 2, now);
}

interface StatedFigures {
  limit: string;
  remaining: string;
  reset: string;
  seconds: number;
}

/** The per-minute limit as headers state it: the limit, what is left of a whole minute, and when that is full again. */
function statedFigures(dimension: Dimension | undefined, now: number): StatedFigures | undefined {
  if (!dimension) return undefined;
  const seconds = dimension.stated.secondsUntilFull(now);
  return { limit: String(dimension.perMinute), remaining: String(dimension.stated.remaining(now)), reset: groqDuration(seconds), seconds };
}

const UNLIMITED_TOKENS: StatedFigures = {
  limit: String(NEVER_BINDING_TOKENS_PER_MINUTE),
  remaining: String(NEVER_BINDING_TOKENS_PER_MINUTE),
  reset: '0s',
  seconds: 0,
};

/**
 * Least ms from the first request to accept what was accepted from a bucket that starts full: its
 * capacity at once, the rest at its refill rate, which halves `halveAfterMs` in.
 */
function boundOf(dimension: Dimension | undefined, halveAfterMs: number | undefined): number {
  if (!dimension) return 0;
  const perMs = dimension.perMinute / 60_000;
  const beyondCapacity = Math.max(0, dimension.accepted - dimension.enforced.capacity);
  if (halveAfterMs === undefined || beyondCapacity <= perMs * halveAfterMs) return beyondCapacity / perMs;
  return halveAfterMs + (beyondCapacity - perMs * halveAfterMs) / (perMs / 2);
}

/** The rate-limit headers of an answer in `style`, for `buckets` as they are at `now`. */
function headersFor(style: HeaderStyle, buckets: Buckets, perDay: number, now: number): string[] {
  if (style === 'none') return [];
  const tokens = statedFigures(buckets.tokens, now) ?? UNLIMITED_TOKENS;
  if (style === 'openai') {
    const requests = statedFigures(buckets.requests, now);
    return [
      ...(requests ? ['x-ratelimit-limit-requests', requests.limit, 'x-ratelimit-remaining-requests', requests.remaining, 'x-ratelimit-reset-requests', requests.reset] : []),
      'x-ratelimit-limit-tokens', tokens.limit,
      'x-ratelimit-remaining-tokens', tokens.remaining,
      'x-ratelimit-reset-tokens', tokens.reset,
    ];
  }
  const usedToday = Math.min(perDay, buckets.day.used);
  const dayResetSeconds = Math.max(0, (buckets.day.since + DAY_MS - now) / 1000);
  if (style === 'groq') {
    return [
      'x-ratelimit-limit-requests', String(perDay),
      'x-ratelimit-limit-tokens', tokens.limit,
      'x-ratelimit-remaining-requests', String(perDay - usedToday),
      'x-ratelimit-remaining-tokens', tokens.remaining,
      'x-ratelimit-reset-requests', groqDuration(dayResetSeconds),
      'x-ratelimit-reset-tokens', tokens.reset,
    ];
  }
  return [
    'x-ratelimit-limit-requests-day', String(perDay),
    'x-ratelimit-limit-tokens-minute', tokens.limit,
    'x-ratelimit-remaining-requests-day', String(perDay - usedToday),
    'x-ratelimit-remaining-tokens-minute', tokens.remaining,
    'x-ratelimit-reset-requests-day', dayResetSeconds.toFixed(3),
    'x-ratelimit-reset-tokens-minute', tokens.seconds.toFixed(3),
  ];
}

/** Headers of a server without limits, in each flavour's own style: a generous static budget, as real providers always send one. */
export function unlimitedHeaders(flavour: 'groq' | 'cerebras'): string[] {
  const buckets: Buckets = { key: '*', requests: undefined, tokens: undefined, acceptedRequests: 0, acceptedTokens: 0, rejected: 0, day: { used: 1, since: 0 } };
  return headersFor(flavour, buckets, DEFAULT_REQUESTS_PER_DAY, 0);
}
