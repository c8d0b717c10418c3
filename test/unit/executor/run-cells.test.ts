import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_RETRIES } from '../../../src/core/run/run-limits';
import { createScheduler, runCells, type CellTask, type ExecutorEvent, type Scheduler } from '../../../src/core/executor';
import { ProviderError, type Provider } from '../../../src/core/providers/types';
import { FakeProvider, keyOf, result, seededRandom, settleInVirtualTime, task, useVirtualTime, wait } from './fakes';

afterEach(() => {
  vi.useRealTimers();
});

function schedulerFor(provider: Provider, concurrency = 8, timeoutMs = 1_000): Scheduler {
  return createScheduler({
    resolve: () => ({ provider, providerId: provider.id, model: 'model' }),
    concurrency,
    timeoutMs,
    ...RUN_RETRIES,
    backoff: { baseMs: 2, maxMs: 20 },
  });
}

function tasks(count: number): CellTask[] {
  return Array.from({ length: count }, (_, i) => task(`cell-${i}`, 'fake/model'));
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe('runCells', () => {
  it('completes every cell exactly once and never re-requests a completed cell, despite 5 % 500s and 1 % hangs', async () => {
    useVirtualTime();
    const random = seededRandom(42);
    const completedKeys = new Set<string>();
    const callsPerKey = new Map<string, number>();
    let callsAfterCompletion = 0;
    const provider = new FakeProvider('fake', async (req) => {
      const key = keyOf(req);
      callsPerKey.set(key, (callsPerKey.get(key) ?? 0) + 1);
      if (completedKeys.has(key)) callsAfterCompletion++;
      const roll = random();
      if (roll < 0.05) {
        await wait(5);
        throw new ProviderError('server', '500', true, 500);
      }
      // A hang that ignores its signal and answers long after the timeout: a late success must not count twice.
      await wait(roll < 0.06 ? 5_000 : 5 + 20 * random());
      return result(`answer ${key}`);
    });
    const events: ExecutorEvent[] = [];
    const summary = await settleInVirtualTime(
      runCells(tasks(2_000), {
        scheduler: schedulerFor(provider, 32, 200),
        onEvent: (event) => {
          events.push(event);
          if (event.type === 'completed') completedKeys.add(event.task.key);
        },
      }),
    );

    expect(summary).toEqual({ completed: 2_000, failed: 0, cancelled: 0 });
    const completions = countBy(
      events.filter((e) => e.type === 'completed'),
      (e) => e.task.key,
    );
    expect(completions.size).toBe(2_000);
    expect([...completions.values()].every((n) => n === 1)).toBe(true);
    expect(callsAfterCompletion).toBe(0);
    // Every extra call for a key is one announced retry, and faults really happened.
    const retries = countBy(
      events.filter((e) => e.type === 'retrying'),
      (e) => e.task.key,
    );
    for (const [key, calls] of callsPerKey) expect(calls).toBe(1 + (retries.get(key) ?? 0));
    const retryKinds = countBy(
      events.filter((e) => e.type === 'retrying'),
      (e) => e.error.kind,
    );
    expect(retryKinds.get('server')).toBeGreaterThan(50);
    expect(retryKinds.get('timeout')).toBeGreaterThan(5);
    for (const event of events) {
      if (event.type === 'completed') expect(event.result.text).toBe(`answer ${event.task.key}`);
    }
  });

  it('reports a cell that finally fails with its last error and attempt count', async () => {
    const provider = new FakeProvider('fake', (req, call) => {
      if (keyOf(req) === 'cell-1') return Promise.reject(new ProviderError('server', `500 on call ${call}`, true, 500));
      if (keyOf(req) === 'cell-2') return Promise.reject(new ProviderError('auth', '401 invalid key', false, 401));
      return Promise.resolve(result('ok'));
    });
    const events: ExecutorEvent[] = [];
    const summary = await runCells(tasks(3), { scheduler: schedulerFor(provider, 1), onEvent: (e) => events.push(e) });
    expect(summary).toEqual({ completed: 1, failed: 2, cancelled: 0 });
    const failures = events.flatMap((e) => (e.type === 'failed' ? [e] : []));
    expect(failures.map((e) => [e.task.key, e.error.kind, e.attempts]).sort()).toEqual([
      ['cell-1', 'server', 6],
      ['cell-2', 'auth', 1],
    ]);
    expect(failures.find((e) => e.task.key === 'cell-1')?.error.message).toMatch(/500 on call \d+/);
    expect(events.filter((e) => e.type === 'retrying')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'started')).toHaveLength(3);
  });

  it('on cancel: the rest is cancelled, nothing completes after abort() returns and nothing more is sent', async () => {
    const signals: AbortSignal[] = [];
    const provider = new FakeProvider('fake', async (req) => {
      signals.push(req.signal!);
      await wait(3, req.signal);
      return result('ok');
    });
    const controller = new AbortController();
    const events: ExecutorEvent[] = [];
    let cancelReturned = false;
    let completedAfterCancel = 0;
    let callsAtCancel = 0;
    const summary = await runCells(tasks(300), {
      scheduler: schedulerFor(provider, 4),
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type !== 'completed') return;
        if (cancelReturned) completedAfterCancel++;
        if (events.filter((e) => e.type === 'completed').length === 20) {
          callsAtCancel = provider.calls;
          controller.abort();
          cancelReturned = true;
        }
      },
    });
    expect(summary.completed).toBe(20);
    expect(summary.failed).toBe(0);
    expect(summary.cancelled).toBe(280);
    expect(completedAfterCancel).toBe(0);
    expect(provider.calls).toBe(callsAtCancel);
    expect(signals.filter((s) => !s.aborted).length).toBeLessThanOrEqual(20);
    expect(signals.filter((s) => s.aborted)).toHaveLength(callsAtCancel - 20);
    const outcomes = countBy(
      events.flatMap((e) => (e.type === 'completed' || e.type === 'cancelled' || e.type === 'failed' ? [e.task.key] : [])),
      (key) => key,
    );
    expect(outcomes.size).toBe(300);
    expect([...outcomes.values()].every((n) => n === 1)).toBe(true);
  });

  it('keeps an answer that had arrived when the run was cancelled (never throws a paid-for cell away)', async () => {
    const controller = new AbortController();
    const scheduler: Scheduler = {
      // Resolves before the abort; its continuation can only run after abort() returned.
      submit: () => {
        const answered = Promise.resolve({ result: result('ok'), attempts: 1 });
        controller.abort();
        return answered;
      },
      stats: () => ({ inFlight: 0, queued: 0, requests: 0, retries: 0, rateLimited: 0 }),
    };
    const events: ExecutorEvent[] = [];
    const summary = await runCells(tasks(1), { scheduler, signal: controller.signal, onEvent: (e) => events.push(e) });
    expect(summary).toEqual({ completed: 1, failed: 0, cancelled: 0 });
    expect(events.filter((e) => e.type === 'completed')).toHaveLength(1);
  });

  it('pulls tasks lazily, keeping at most maxPending submitted', async () => {
    let pulled = 0;
    let finished = 0;
    let maxAhead = 0;
    function* lazyTasks(): Generator<CellTask> {
      for (let i = 0; i < 2_000; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - finished);
        yield task(`cell-${i}`, 'fake/model');
      }
    }
    const provider = new FakeProvider('fake', () => Promise.resolve(result('ok')));
    const summary = await runCells(lazyTasks(), {
      scheduler: schedulerFor(provider, 16),
      maxPending: 64,
      onEvent: (e) => {
        if (e.type === 'completed') finished++;
      },
    });
    expect(summary.completed).toBe(2_000);
    expect(maxAhead).toBeLessThanOrEqual(64 + 1);
    expect(maxAhead).toBeGreaterThan(16);
  });

  it('coalesces progress events and ends with a complete one', async () => {
    let clock = 0;
    const provider = new FakeProvider('fake', () => Promise.resolve(result('ok')));
    const progress: Extract<ExecutorEvent, { type: 'progress' }>[] = [];
    await runCells(tasks(1_000), {
      scheduler: schedulerFor(provider, 16),
      now: () => (clock += 1), // 1 ms per look at the clock
      progressIntervalMs: 100,
      onEvent: (e) => {
        if (e.type === 'progress') progress.push(e);
      },
    });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.length).toBeLessThan(25);
    expect(progress.at(-1)).toEqual({ type: 'progress', done: 1_000, failed: 0, total: 1_000, inFlight: 0 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
  });

  it('uses the given total for an iterable, and finishes at once on an empty one', async () => {
    const provider = new FakeProvider('fake', () => Promise.resolve(result('ok')));
    const progress: ExecutorEvent[] = [];
    await runCells(new Set(tasks(3)), { scheduler: schedulerFor(provider), total: 3, onEvent: (e) => e.type === 'progress' && progress.push(e) });
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });
    await expect(runCells([], { scheduler: schedulerFor(provider), onEvent: () => undefined })).resolves.toEqual({ completed: 0, failed: 0, cancelled: 0 });
  });

  it('rejects after the run when onEvent threw, without losing the other cells', async () => {
    const provider = new FakeProvider('fake', () => Promise.resolve(result('ok')));
    let completed = 0;
    const run = runCells(tasks(10), {
      scheduler: schedulerFor(provider),
      onEvent: (e) => {
        if (e.type !== 'completed') return;
        completed++;
        if (e.task.key === 'cell-3') throw new Error('listener bug');
      },
    });
    await expect(run).rejects.toThrow('listener bug');
    expect(completed).toBe(10);
  });
});
