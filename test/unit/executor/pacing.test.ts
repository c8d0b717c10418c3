import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduler, runCells, type CellTask } from '../../../src/core/executor';
import { BucketServer, seededRandom, settleInVirtualTime, task, useVirtualTime } from './fakes';

afterEach(() => {
  vi.useRealTimers();
});

function* tasks(count: number, estimatedTokens?: number): Generator<CellTask> {
  for (let i = 0; i < count; i++) yield task(`cell-${i}`, 'limited/model', estimatedTokens);
}

async function runAgainst(server: BucketServer, count: number, options: { concurrency: number; estimatedTokens?: number; now: () => number }) {
  const scheduler = createScheduler({
    resolve: () => ({ provider: server, providerId: server.id, model: 'model' }),
    concurrency: options.concurrency,
    timeoutMs: 60_000,
    maxAttempts: 6,
    random: seededRandom(7),
    now: options.now,
  });
  const started = options.now();
  const summary = await settleInVirtualTime(
    runCells(tasks(count, options.estimatedTokens), { scheduler, onEvent: () => undefined, now: options.now }),
  );
  return { summary, elapsedMs: options.now() - started, stats: scheduler.stats() };
}

describe('pacing under a limit learned from rate-limit headers (virtual time)', () => {
  it('runs 3,000 cells against 600 requests/minute within 1.05 × the rate bound, under 1 % answered 429', async () => {
    useVirtualTime();
    const now = () => Date.now();
    const latency = seededRandom(1);
    const server = new BucketServer({ requests: { capacity: 600, windowMs: 60_000 }, latencyMs: () => 150 + 350 * latency(), uplinkMs: () => 20 + 100 * latency(), now });

    const { summary, elapsedMs, stats } = await runAgainst(server, 3000, { concurrency: 128, now });

    // A full bucket of 600 goes at once; the other 2,400 can only go at 10 per second.
    const boundMs = ((3000 - 600) / 600) * 60_000;
    expect(summary).toEqual({ completed: 3000, failed: 0, cancelled: 0 });
    expect(elapsedMs).toBeGreaterThanOrEqual(boundMs);
    expect(elapsedMs).toBeLessThanOrEqual(1.05 * boundMs);
    expect(server.rejected / server.calls).toBeLessThan(0.01);
    expect(stats.rateLimited).toBe(server.rejected);
  });

  it('paces 60 requests per 1 s window the same way', async () => {
    useVirtualTime();
    const now = () => Date.now();
    const latency = seededRandom(2);
    const server = new BucketServer({ requests: { capacity: 60, windowMs: 1_000 }, latencyMs: () => 20 + 80 * latency(), now });

    const { summary, elapsedMs } = await runAgainst(server, 1200, { concurrency: 64, now });

    const boundMs = ((1200 - 60) / 60) * 1_000;
    expect(summary.completed).toBe(1200);
    expect(elapsedMs).toBeLessThanOrEqual(1.05 * boundMs);
    expect(server.rejected / server.calls).toBeLessThan(0.01);
  });

  it('paces on tokens per minute using the estimated tokens (prompt + max output, reserved up front)', async () => {
    useVirtualTime();
    const now = () => Date.now();
    const latency = seededRandom(3);
    const server = new BucketServer({
      tokens: { capacity: 10_000, windowMs: 60_000 },
      tokenCost: () => 250,
      latencyMs: () => 100 + 200 * latency(),
      now,
    });

    const { summary, elapsedMs } = await runAgainst(server, 400, { concurrency: 64, estimatedTokens: 250, now });

    // 40 requests fit in the bucket; then 10,000 tokens a minute buys one request every 1.5 s.
    const boundMs = ((400 * 250 - 10_000) / 10_000) * 60_000;
    expect(summary.completed).toBe(400);
    expect(elapsedMs).toBeLessThanOrEqual(1.05 * boundMs);
    expect(server.rejected / server.calls).toBeLessThan(0.01);
  });

  it('without a limiter the same load is mostly answered 429 (the fake server really limits)', async () => {
    useVirtualTime();
    const now = () => Date.now();
    const server = new BucketServer({ requests: { capacity: 60, windowMs: 1_000 }, latencyMs: () => 50, now });
    const calls = Array.from({ length: 300 }, () => server.complete({ model: 'model', messages: [], timeoutMs: 1000 }).then(() => 'ok', () => '429'));
    const answers = await settleInVirtualTime(Promise.all(calls));
    expect(answers.filter((a) => a === '429')).toHaveLength(240);
  });
});

describe('pacing with real timers', () => {
  it('holds 100 requests/s (20 per 200 ms bucket) without 429s and close to the bound', async () => {
    const now = () => performance.now();
    const latency = seededRandom(4);
    const server = new BucketServer({ requests: { capacity: 20, windowMs: 200 }, latencyMs: () => 2 + 6 * latency(), now });
    const scheduler = createScheduler({
      resolve: () => ({ provider: server, providerId: server.id, model: 'model' }),
      concurrency: 32,
      timeoutMs: 5_000,
      maxAttempts: 6,
    });
    const started = now();
    const summary = await runCells(tasks(170), { scheduler, onEvent: () => undefined });
    const elapsedMs = now() - started;

    const boundMs = ((170 - 20) / 20) * 200;
    expect(summary.completed).toBe(170);
    expect(server.rejected).toBeLessThanOrEqual(1);
    // Timers fire late on a busy machine; the mirrored bucket catches up, so lateness does not add up.
    expect(elapsedMs).toBeGreaterThanOrEqual(boundMs);
    expect(elapsedMs).toBeLessThanOrEqual(1.25 * boundMs);
  });
});
