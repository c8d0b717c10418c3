import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_RETRIES } from '../../../src/core/run/run-limits';
import { createScheduler, RateBudgets, type RetryInfo, type SchedulerOptions } from '../../../src/core/executor';
import { ProviderError, type CompletionRequest, type Provider } from '../../../src/core/providers/types';
import { messageText } from '../../../src/core/chat';
import { FakeProvider, result, settleInVirtualTime, useVirtualTime, wait } from './fakes';

afterEach(() => {
  vi.useRealTimers();
});

const request = { messages: [{ role: 'user' as const, content: 'hi' }] };

function schedulerFor(providers: Provider[], overrides: Partial<SchedulerOptions> = {}) {
  return createScheduler({
    resolve: (modelId) => {
      const [providerId = '', model = ''] = modelId.split('/');
      const provider = providers.find((p) => p.id === providerId);
      if (!provider) throw new Error(`unknown provider ${providerId}`);
      return { provider, providerId, model };
    },
    concurrency: 8,
    timeoutMs: 1_000,
    ...RUN_RETRIES,
    backoff: { baseMs: 4, maxMs: 10 },
    random: () => 0.5,
    ...overrides,
  });
}

const serverError = (n: number) => new ProviderError('server', `500 #${n}`, true, 500);

describe('concurrency', () => {
  it('never has more than `concurrency` requests in flight, and uses all of it', async () => {
    const provider = new FakeProvider('a', async () => {
      await wait(5);
      return result('ok');
    });
    const scheduler = schedulerFor([provider], { concurrency: 4 });
    await Promise.all(Array.from({ length: 40 }, () => scheduler.submit('a/m', request)));
    expect(provider.calls).toBe(40);
    expect(provider.maxInFlight).toBe(4);
    expect(scheduler.stats()).toMatchObject({ inFlight: 0, queued: 0, requests: 40 });
  });

  it('caps each provider separately while the global cap still holds', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const handler = async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await wait(5);
      inFlight--;
      return result('ok');
    };
    const a = new FakeProvider('a', handler);
    const b = new FakeProvider('b', handler);
    const scheduler = schedulerFor([a, b], { concurrency: 6, perProviderConcurrency: { a: 2 } });
    const runs = [];
    for (let i = 0; i < 20; i++) runs.push(scheduler.submit('a/m1', request), scheduler.submit('a/m2', request), scheduler.submit('b/m', request));
    await Promise.all(runs);
    expect(a.maxInFlight).toBe(2); // across both of its models
    expect(b.maxInFlight).toBe(4); // what the global cap leaves
    expect(maxInFlight).toBe(6);
  });

  it('sends two probes before the first answer, then doubles what it sends per round trip up to the cap', async () => {
    let answered = 0;
    let maxInFlightBeforeFirstAnswer = 0;
    const provider = new FakeProvider('a', async () => {
      if (answered === 0) maxInFlightBeforeFirstAnswer = provider.inFlight;
      await wait(10);
      answered++;
      return result('ok');
    });
    const scheduler = schedulerFor([provider], { concurrency: 16 });
    await Promise.all(Array.from({ length: 40 }, () => scheduler.submit('a/m', request)));
    expect(maxInFlightBeforeFirstAnswer).toBe(2);
    expect(provider.maxInFlight).toBe(16);
  });
});

describe('retries', () => {
  it('retries 5xx, network errors and timeouts with capped exponential backoff, then succeeds', async () => {
    const signals: AbortSignal[] = [];
    const provider = new FakeProvider('a', async (req: CompletionRequest, call) => {
      signals.push(req.signal!);
      if (call === 1) throw serverError(call);
      if (call === 2) throw new ProviderError('network', 'ECONNRESET', true);
      if (call === 3) return new Promise(() => undefined); // hangs and ignores the signal
      return result('finally');
    });
    const scheduler = schedulerFor([provider], { timeoutMs: 30 });
    const retries: RetryInfo[] = [];
    const { result: answer, attempts } = await scheduler.submit('a/m', request, { onRetry: (info) => retries.push(info) });
    expect(answer.text).toBe('finally');
    expect(attempts).toBe(4);
    expect(retries.map((r) => [r.attempt, r.error.kind, r.delayMs])).toEqual([
      [1, 'server', 2], // 0.5 × 4
      [2, 'network', 4], // 0.5 × 8
      [3, 'timeout', 5], // 0.5 × min(10, 16)
    ]);
    expect(signals[2]?.aborted).toBe(true); // the hung attempt was told to stop
    expect(signals[3]?.aborted).toBe(false);
    expect(scheduler.stats()).toMatchObject({ requests: 4, retries: 3, inFlight: 0, queued: 0 });
  });

  it('fails at once on a non-retryable error, without retrying', async () => {
    const provider = new FakeProvider('a', () => Promise.reject(new ProviderError('bad_request', 'unsupported field', false, 400)));
    const scheduler = schedulerFor([provider]);
    const onRetry = (info: RetryInfo) => {
      throw new Error(`unexpected retry ${info.attempt}`);
    };
    await expect(scheduler.submit('a/m', request, { onRetry })).rejects.toMatchObject({ kind: 'bad_request', status: 400 });
    expect(provider.calls).toBe(1);
  });

  it('rejects with the last error once maxAttempts are used up', async () => {
    const provider = new FakeProvider('a', (_req, call) => Promise.reject(serverError(call)));
    const scheduler = schedulerFor([provider], { maxAttempts: 3 });
    await expect(scheduler.submit('a/m', request)).rejects.toMatchObject({ kind: 'server', message: '500 #3' });
    expect(provider.calls).toBe(3);
  });

  it('maps anything a provider throws that is not a ProviderError to a non-retried unknown error', async () => {
    const provider = new FakeProvider('a', () => Promise.reject(new TypeError('boom')));
    const scheduler = schedulerFor([provider]);
    await expect(scheduler.submit('a/m', request)).rejects.toMatchObject({ name: 'ProviderError', kind: 'unknown', message: 'boom' });
    expect(provider.calls).toBe(1);
  });

  it('rejects with the resolver error for an unknown model', async () => {
    const scheduler = schedulerFor([]);
    await expect(scheduler.submit('nope/m', request)).rejects.toThrow('unknown provider nope');
  });
});

describe('429 handling', () => {
  const tooMany = (retryAfterMs?: number) => new ProviderError('rate_limit', '429', true, 429, { retryAfterMs });
  /** One probe at a first: the first request alone meets the 429. */
  const oneProbe = () => new RateBudgets({ initialWindow: 1 });

  it('pauses the whole model until retry-after, then retries the request', async () => {
    const sentAt: number[] = [];
    const start = performance.now();
    const provider = new FakeProvider('a', async (_req, call) => {
      sentAt.push(performance.now() - start);
      if (call === 1) throw tooMany(120);
      await wait(2);
      return result('ok');
    });
    const scheduler = schedulerFor([provider], { budgets: oneProbe() });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => scheduler.submit('a/m', request)));
    expect(outcomes[0]?.attempts).toBe(2);
    expect(sentAt).toHaveLength(6);
    // Nobody queued behind the 429 was sent before retry-after elapsed.
    for (const at of sentAt.slice(1)) expect(at).toBeGreaterThanOrEqual(115);
    expect(scheduler.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  it('pauses only the model that was limited', async () => {
    const start = performance.now();
    let otherModelAt = -1;
    const provider = new FakeProvider('a', async (req, call) => {
      if (req.model === 'limited' && call === 1) throw tooMany(150);
      if (req.model === 'free') otherModelAt = performance.now() - start;
      await wait(1);
      return result('ok');
    });
    const scheduler = schedulerFor([provider], { budgets: oneProbe() });
    const limited = scheduler.submit('a/limited', request);
    await wait(20);
    await scheduler.submit('a/free', request);
    expect(otherModelAt).toBeLessThan(100);
    await limited;
  });

  it('never fails a request for 429s, however many, and never spends its attempts on them', async () => {
    useVirtualTime();
    const provider = new FakeProvider('a', (_req, call) => (call <= 200 ? Promise.reject(tooMany(1_000)) : Promise.resolve(result('ok'))));
    const scheduler = schedulerFor([provider], { maxAttempts: 1, now: () => Date.now() });
    const { attempts } = await settleInVirtualTime(scheduler.submit('a/m', request));
    expect(attempts).toBe(201);
    expect(scheduler.stats()).toMatchObject({ rateLimited: 200, retries: 200 });
  });

  it('waits out even an hour-long retry-after (a daily limit) instead of failing; only cancel ends the wait', async () => {
    useVirtualTime();
    const provider = new FakeProvider('a', (_req, call) => (call === 1 ? Promise.reject(tooMany(3_600_000)) : Promise.resolve(result('ok'))));
    const scheduler = schedulerFor([provider], { budgets: oneProbe(), now: () => Date.now() });
    const outcomes = await settleInVirtualTime(Promise.all(Array.from({ length: 5 }, () => scheduler.submit('a/m', request))));
    expect(outcomes.map((o) => o.result.text)).toEqual(Array(5).fill('ok'));
    expect(Date.now()).toBeGreaterThanOrEqual(3_600_000);
    expect(provider.calls).toBe(6);
  });

  it('without retry-after, pauses for a jittered backoff while the rate is unknown', async () => {
    const retries: RetryInfo[] = [];
    const provider = new FakeProvider('a', (_req, call) => (call === 1 ? Promise.reject(tooMany(undefined)) : Promise.resolve(result('ok'))));
    const scheduler = schedulerFor([provider], { budgets: new RateBudgets({ initialWindow: 1, backoff: { baseMs: 40, maxMs: 1000 }, random: () => 0.5 }) });
    await scheduler.submit('a/m', request, { onRetry: (info) => retries.push(info) });
    expect(retries.map((r) => r.delayMs)).toEqual([20]);
  });

  it('fails at once on a 413 (a request too large for the tokens-per-minute limit): waiting would never help', async () => {
    const provider = new FakeProvider('a', () => Promise.reject(new ProviderError('bad_request', 'request too large (413)', false, 413)));
    const scheduler = schedulerFor([provider]);
    await expect(scheduler.submit('a/m', request)).rejects.toMatchObject({ status: 413 });
    expect(provider.calls).toBe(1);
  });

  it('shares a budget with another run on the same account and model: its 429 pauses both', async () => {
    const sentAt: Array<{ run: string; at: number }> = [];
    const start = performance.now();
    const provider = new FakeProvider('a', async (req, call) => {
      sentAt.push({ run: req.messages[0] ? messageText(req.messages[0]) : '', at: performance.now() - start });
      if (call === 1) throw tooMany(150);
      await wait(1);
      return result('ok');
    });
    const budgets = oneProbe();
    const resolve = () => ({ provider, providerId: 'a', model: 'm', account: 'a key' });
    const first = createScheduler({ resolve, concurrency: 4, timeoutMs: 1000, maxAttempts: 2, budgets });
    const second = createScheduler({ resolve, concurrency: 4, timeoutMs: 1000, maxAttempts: 2, budgets });
    const limited = first.submit('a/m', { messages: [{ role: 'user', content: 'first' }] });
    await wait(20);
    await second.submit('a/m', { messages: [{ role: 'user', content: 'second' }] });
    await limited;
    expect(sentAt.map((s) => s.run).sort()).toEqual(['first', 'first', 'second']);
    // The second run, which never saw a 429 itself, waited out the first one's retry-after.
    for (const sent of sentAt.slice(1)) expect(sent.at).toBeGreaterThanOrEqual(145);
  });
});

describe('cancellation', () => {
  it('rejects queued requests at once, aborts the one in flight, and never retries after cancel', async () => {
    const signals: AbortSignal[] = [];
    const provider = new FakeProvider('a', async (req) => {
      signals.push(req.signal!);
      await wait(10_000, req.signal);
      return result('late');
    });
    const scheduler = schedulerFor([provider], { concurrency: 1 });
    const controller = new AbortController();
    const submitted = Array.from({ length: 3 }, () => scheduler.submit('a/m', request, { signal: controller.signal }));
    const settled = Promise.allSettled(submitted);
    await wait(5);
    expect(scheduler.stats()).toMatchObject({ inFlight: 1, queued: 2 });

    controller.abort();
    const outcomes = await settled;
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'rejected', reason: { kind: 'cancelled' } });
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    await wait(20);
    expect(provider.calls).toBe(1);
    expect(scheduler.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('cancels a request waiting for its retry without sending it again', async () => {
    const provider = new FakeProvider('a', (_req, call) => Promise.reject(serverError(call)));
    const scheduler = schedulerFor([provider], { backoff: { baseMs: 10_000, maxMs: 10_000 } });
    const controller = new AbortController();
    const pending = scheduler.submit('a/m', request, { signal: controller.signal, onRetry: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
    expect(provider.calls).toBe(1);
    expect(scheduler.stats().queued).toBe(0);
  });

  it('leaves no timer behind when cancelled during a 429 pause', async () => {
    useVirtualTime();
    const provider = new FakeProvider('a', () => Promise.reject(new ProviderError('rate_limit', '429', true, 429, { retryAfterMs: 60_000 })));
    const scheduler = schedulerFor([provider], { budgets: new RateBudgets({ initialWindow: 1 }), now: () => Date.now() });
    const controller = new AbortController();
    const pending = Promise.allSettled(Array.from({ length: 3 }, () => scheduler.submit('a/m', request, { signal: controller.signal })));
    await settleInVirtualTime(wait(10));
    expect(vi.getTimerCount()).toBe(1); // the wake-up at the end of the pause
    controller.abort();
    const outcomes = await pending;
    expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as ProviderError).kind === 'cancelled')).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(provider.calls).toBe(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const provider = new FakeProvider('a', () => Promise.resolve(result('ok')));
    const scheduler = schedulerFor([provider]);
    await expect(scheduler.submit('a/m', request, { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: 'cancelled' });
    expect(provider.calls).toBe(0);
  });

  it('ignores an answer that arrives after the cancel', async () => {
    let answer: (() => void) | undefined;
    const provider = new FakeProvider('a', () => new Promise((resolve) => (answer = () => resolve(result('too late')))));
    const scheduler = schedulerFor([provider]);
    const controller = new AbortController();
    const pending = scheduler.submit('a/m', request, { signal: controller.signal });
    await wait(1);
    controller.abort();
    answer?.();
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
