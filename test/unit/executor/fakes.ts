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
