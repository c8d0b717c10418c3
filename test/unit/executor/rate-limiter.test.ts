import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/core/executor';

const answered = { answered: true };

describe('RateLimiter', () => {
  it('allows only the probe requests until a first answer arrives', () => {
    const limiter = new RateLimiter({ probeRequests: 2 });
    limiter.onSend(0, 0);
    expect(limiter.delayBeforeSend(0, 0)).toBe(0);
    const second = limiter.onSend(0, 0);
    expect(limiter.delayBeforeSend(0, 0)).toBe(Infinity);
    limiter.onSettled(second, { answered: false }, 5); // a timeout teaches nothing
    limiter.onSend(0, 5);
    expect(limiter.delayBeforeSend(0, 5)).toBe(Infinity);
  });

  it('lets everything through once an answer came without rate-limit headers', () => {
    const limiter = new RateLimiter();
    limiter.onSettled(limiter.onSend(0, 0), { ...answered, rateLimit: {} }, 10);
    for (let i = 0; i < 100; i++) limiter.onSend(0, 10);
    expect(limiter.delayBeforeSend(0, 10)).toBe(0);
  });

  it('waits for the refill rate derived from limit, remaining and reset once the bucket is empty', () => {
    const limiter = new RateLimiter({ reserveFraction: 0 });
    // 10 per second: 10 used, 1 s until full again.
    limiter.onSettled(limiter.onSend(0, 0), { ...answered, rateLimit: { limitRequests: 10, remainingRequests: 0, resetRequestsMs: 1_000 } }, 0);
    expect(limiter.delayBeforeSend(0, 0)).toBeCloseTo(100);
    expect(limiter.delayBeforeSend(0, 60)).toBeCloseTo(40);
    expect(limiter.delayBeforeSend(0, 100)).toBe(0);
  });

  it('debits what was sent after the answered request from the remaining it reports', () => {
    const limiter = new RateLimiter({ reserveFraction: 0 });
    const first = limiter.onSend(0, 0);
    limiter.onSend(0, 0);
    limiter.onSend(0, 0);
    // The server saw 3 left after the first request; the 2 sent since leave 1.
    limiter.onSettled(first, { ...answered, rateLimit: { limitRequests: 10, remainingRequests: 3, resetRequestsMs: 70_000 } }, 0);
    expect(limiter.delayBeforeSend(0, 0)).toBe(0);
    limiter.onSend(0, 0);
    expect(limiter.delayBeforeSend(0, 0)).toBeCloseTo(10_000); // one request per 10 s
  });

  it('keeps the newer picture when an older answer arrives late', () => {
    const limiter = new RateLimiter({ reserveFraction: 0 });
    const older = limiter.onSend(0, 0);
    const newer = limiter.onSend(0, 0);
    limiter.onSettled(newer, { ...answered, rateLimit: { limitRequests: 10, remainingRequests: 0, resetRequestsMs: 1_000 } }, 0);
    limiter.onSettled(older, { ...answered, rateLimit: { limitRequests: 10, remainingRequests: 5, resetRequestsMs: 500 } }, 0);
    expect(limiter.delayBeforeSend(0, 0)).toBeGreaterThan(0);
  });

  it('paces on the token bucket with the estimated cost, or the average usage when there is none', () => {
    const limiter = new RateLimiter({ reserveFraction: 0 });
    const rateLimit = { limitTokens: 1_000, remainingTokens: 300, resetTokensMs: 7_000 }; // 0.1 token/ms
    limiter.onSettled(limiter.onSend(0, 0), { ...answered, rateLimit, usedTokens: 400 }, 0);
    expect(limiter.delayBeforeSend(200, 0)).toBe(0);
    expect(limiter.delayBeforeSend(500, 0)).toBeCloseTo(2_000);
    expect(limiter.tokenCost(undefined)).toBe(400);
    expect(limiter.tokenCost(120)).toBe(120);
  });

  it('keeps a reserve of each limit free: a share of it, at most reserveMs of refill', () => {
    const limiter = new RateLimiter({ reserveFraction: 0.1, reserveMs: 60_000 });
    limiter.onSettled(limiter.onSend(0, 0), { ...answered, rateLimit: { limitRequests: 100, remainingRequests: 10, resetRequestsMs: 90_000 } }, 0);
    expect(limiter.delayBeforeSend(0, 0)).toBeCloseTo(1_000); // needs 1 + 10: one more at 1 per second

    // 14,400 a day: 10 % would be 1,440 requests, but 60 s of refill is only 10.
    const daily = new RateLimiter({ reserveFraction: 0.1, reserveMs: 60_000 });
    daily.onSettled(daily.onSend(0, 0), { ...answered, rateLimit: { limitRequests: 14_400, remainingRequests: 12, resetRequestsMs: 14_388 * 6_000 } }, 0);
    expect(daily.delayBeforeSend(0, 0)).toBe(0);
    daily.onSend(0, 0);
    daily.onSend(0, 0);
    expect(daily.delayBeforeSend(0, 0)).toBeCloseTo(6_000); // 10 left < 1 + 10: one more per 6 s
  });

  it('after a 429 waits out retry-after, then probes again', () => {
    const limiter = new RateLimiter({ probeRequests: 1 });
    limiter.onSettled(limiter.onSend(0, 0), { ...answered, rateLimit: {} }, 0);
    limiter.pause(500);
    expect(limiter.delayBeforeSend(0, 100)).toBe(400);
    expect(limiter.pausedFor(100)).toBe(400);
    limiter.onSend(0, 500);
    expect(limiter.delayBeforeSend(0, 500)).toBe(Infinity);
  });

  it('sends one request to find out when the bucket is empty, its rate unknown and nothing in flight', () => {
    const limiter = new RateLimiter({ reserveFraction: 0 });
    limiter.onSettled(limiter.onSend(0, 0), { ...answered, rateLimit: { limitRequests: 5, remainingRequests: 0 } }, 0);
    expect(limiter.delayBeforeSend(0, 0)).toBe(0);
    limiter.onSend(0, 0);
    expect(limiter.delayBeforeSend(0, 0)).toBe(Infinity);
  });
});
