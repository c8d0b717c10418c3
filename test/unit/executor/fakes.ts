import { vi } from 'vitest';
import type { CompletionRequest, CompletionResult, Provider, RateLimitInfo } from '../../../src/core/providers/types';
import { ProviderError } from '../../../src/core/providers/types';
import type { CellTask } from '../../../src/core/executor';
import { messageText } from '../../../src/core/chat';

export function result(text: string, rateLimit: RateLimitInfo = {}, usage = { inputTokens: 10, outputTokens: 5 }): CompletionResult {
  return { text, usage: { ...usage, cachedInputTokens: 0 }, timing: {}, latencyMs: 1, rateLimit, simulated: true };
}

/** Deterministic PRNG (mulberry32) so fault-injection runs are reproducible: the fake server's own. */
export { createPrng as seededRandom } from '../../fake-server/prng';

/** Resolves after `ms` like a network call; rejects with the signal's reason when it aborts. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new ProviderError('cancelled', 'aborted', false));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export type Handler = (request: CompletionRequest, call: number) => Promise<CompletionResult>;

/** An in-memory provider that records every call and the peak number in flight. */
export class FakeProvider implements Provider {
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly requests: CompletionRequest[] = [];

  constructor(
    readonly id: string,
    private readonly handler: Handler,
  ) {}

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    this.calls++;
    this.requests.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.handler(request, this.calls);
    } finally {
      this.inFlight--;
    }
  }
}

export function task(key: string, modelId = 'fake/model', estimatedTokens?: number): CellTask {
  return { key, modelId, request: { messages: [{ role: 'user', content: key }] }, estimatedTokens };
}

export function keyOf(request: CompletionRequest): string {
  const first = request.messages[0];
  return first ? messageText(first) : '';
}

export interface BucketLimit {
  capacity: number;
  windowMs: number;
}

/**
 * A provider that behaves like a rate-limited server: token buckets for requests and/or tokens
 * (refilled continuously, `capacity` per `windowMs`), counted when a request arrives, with
 * `x-ratelimit-*`-style info on every answer and a 429 + retry-after when a bucket is short.
 */
export class BucketServer implements Provider {
  readonly id = 'limited';
  calls = 0;
  rejected = 0;
  private readonly buckets: { limit: BucketLimit; level: number; at: number }[] = [];

  constructor(
    private readonly options: {
      requests?: BucketLimit;
      tokens?: BucketLimit;
      /** What a request costs in the tokens bucket (Cerebras reserves max output tokens up front). */
      tokenCost?: (request: CompletionRequest) => number;
      latencyMs: () => number;
      /** Time from send to the server counting the request (network delay, which varies and reorders). */
      uplinkMs?: () => number;
      now: () => number;
    },
  ) {
    const start = options.now();
    if (options.requests) this.buckets.push({ limit: options.requests, level: options.requests.capacity, at: start });
    if (options.tokens) this.buckets.push({ limit: options.tokens, level: options.tokens.capacity, at: start });
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    this.calls++;
    if (this.options.uplinkMs) await wait(this.options.uplinkMs(), request.signal);
    const now = this.options.now();
    const costs = this.costsOf(request);
    for (const bucket of this.buckets) {
      const rate = bucket.limit.capacity / bucket.limit.windowMs;
      bucket.level = Math.min(bucket.limit.capacity, bucket.level + rate * (now - bucket.at));
      bucket.at = now;
    }
    const short = this.buckets.map((bucket, i) => Math.max(0, (costs[i] ?? 0) - bucket.level) / (bucket.limit.capacity / bucket.limit.windowMs));
    const waitMs = Math.max(0, ...short);
    if (waitMs === 0) this.buckets.forEach((bucket, i) => (bucket.level -= costs[i] ?? 0));
    const rateLimit = this.headers();
    await wait(this.options.latencyMs(), request.signal);
    if (waitMs > 0) {
      this.rejected++;
      throw new ProviderError('rate_limit', '429 Too Many Requests', true, 429, { ...rateLimit, retryAfterMs: Math.ceil(waitMs) });
    }
    return result('ok', rateLimit, { inputTokens: 50, outputTokens: 20 });
  }

  private costsOf(request: CompletionRequest): number[] {
    const costs: number[] = [];
    if (this.options.requests) costs.push(1);
    if (this.options.tokens) costs.push(this.options.tokenCost?.(request) ?? 0);
    return costs;
  }

  /** Integers for what is left, like real headers; reset = time until fully replenished. */
  private headers(): RateLimitInfo {
    const info: RateLimitInfo = {};
    const [first, second] = this.buckets;
    const describe = (bucket: { limit: BucketLimit; level: number }) => ({
      limit: bucket.limit.capacity,
      remaining: Math.max(0, Math.floor(bucket.level)),
      resetMs: Math.ceil(((bucket.limit.capacity - bucket.level) * bucket.limit.windowMs) / bucket.limit.capacity),
    });
    const requestBucket = this.options.requests ? first : undefined;
    const tokenBucket = this.options.tokens ? (this.options.requests ? second : first) : undefined;
    if (requestBucket) {
      const d = describe(requestBucket);
      Object.assign(info, { limitRequests: d.limit, remainingRequests: d.remaining, resetRequestsMs: d.resetMs });
    }
    if (tokenBucket) {
      const d = describe(tokenBucket);
      Object.assign(info, { limitTokens: d.limit, remainingTokens: d.remaining, resetTokensMs: d.resetMs });
    }
    return info;
  }
}

/** Fake `setTimeout` and `Date` only: `setImmediate` stays real so promise chains can settle between timers. */
export function useVirtualTime(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
}

/**
 * Runs `promise` to completion in virtual time: fires the next timer, lets every promise that
 * it unblocked settle, and repeats. Fails instead of hanging if nothing is left to fire.
 */
export async function settleInVirtualTime<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await macrotask();
  while (!settled) {
    if (vi.getTimerCount() === 0) throw new Error('deadlock: not settled and no timer pending');
    vi.advanceTimersToNextTimer();
    await macrotask();
  }
  return promise;
}

function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
