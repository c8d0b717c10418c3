/** The rate limiter of one budget, step by step on an injected clock: what it learns from which signal. */
import { describe, expect, it } from 'vitest';
import { RateLimiter, type SendTicket } from '../../../src/core/executor';
import type { RateLimitInfo } from '../../../src/core/providers/types';

const accepted = (rateLimit: RateLimitInfo = {}, backlogged = true) => ({ kind: 'accepted' as const, rateLimit, chargedTokens: 100, backlogged });
const limited = (rateLimit: RateLimitInfo = {}) => ({ kind: 'limited' as const, rateLimit });

/** Sends whatever the limiter allows at `now`, up to `max`; returns the tickets. */
function sendAll(limiter: RateLimiter, now: number, max = 1000, tokens = 100): SendTicket[] {
  const tickets: SendTicket[] = [];
  while (tickets.length < max && limiter.delayBeforeSend(tokens, now) === 0) tickets.push(limiter.onSend(tokens, now, tokens));
  return tickets;
}

/** One request at a time, answered `latencyMs` later, `count` times in a row. */
function acceptInTurn(limiter: RateLimiter, from: number, count: number, rateLimit: RateLimitInfo = {}): number {
  let now = from;
  for (let i = 0; i < count; i++) {
    now += limiter.delayBeforeSend(100, now);
    const ticket = limiter.onSend(100, now, 100);
    limiter.onSettled(ticket, accepted(rateLimit), now + 1);
  }
  return now;
}

describe('RateLimiter: concurrency', () => {
  it('sends two probes until an answer, then doubles the window per round trip while nothing is limited', () => {
    const limiter = new RateLimiter();
    const first = sendAll(limiter, 0);
    expect(first).toHaveLength(2);
    for (const ticket of first) limiter.onSettled(ticket, accepted(), 10);
    const second = sendAll(limiter, 10);
    expect(second).toHaveLength(4);
    for (const ticket of second) limiter.onSettled(ticket, accepted(), 20);
    expect(sendAll(limiter, 20)).toHaveLength(8);
  });

  it('halves the window on a 429, and a storm (two 429s in a row) collapses it to one probe at a time', () => {
    const limiter = new RateLimiter({ backoff: { baseMs: 1, maxMs: 1 }, random: () => 0 });
    for (let round = 0; round < 3; round++) for (const ticket of sendAll(limiter, round * 10)) limiter.onSettled(ticket, accepted(), round * 10 + 5);
    const burst = sendAll(limiter, 100);
    expect(burst.length).toBe(16);
    const [a, b, ...rest] = burst;
    limiter.onSettled(a as SendTicket, limited(), 101);
    expect(limiter.snapshot().window).toBe(8);
    limiter.onSettled(b as SendTicket, limited(), 101);
    expect(limiter.snapshot().window).toBe(1);
    for (const ticket of rest) limiter.onSettled(ticket, accepted(), 102);
    expect(sendAll(limiter, 200)).toHaveLength(1);
  });
});

describe('RateLimiter: rate', () => {
  it('paces nothing before the first 429, and waits out its retry-after', () => {
    const limiter = new RateLimiter();
    const now = acceptInTurn(limiter, 0, 50);
    expect(limiter.snapshot().requestsPerMinute).toBeUndefined();
    const [ticket] = sendAll(limiter, now, 1);
    expect(limiter.onSettled(ticket as SendTicket, limited({ retryAfterMs: 2000 }), now + 1)).toBe(2000);
    expect(limiter.delayBeforeSend(100, now + 1)).toBe(2000);
    expect(limiter.pausedFor(now + 1001)).toBe(1000);
  });

  it('paces at a stated per-minute limit, less 2 %, from the first 429 on', () => {
    const limiter = new RateLimiter();
    const stated: RateLimitInfo = { requests: { minute: { limit: 600, remaining: 500, resetMs: 10_000 } } };
    const now = acceptInTurn(limiter, 0, 5, stated);
    const [ticket] = sendAll(limiter, now, 1);
    limiter.onSettled(ticket as SendTicket, limited({ ...stated, retryAfterMs: 100 }), now + 1);
    expect(limiter.snapshot().requestsPerMinute).toBeCloseTo(588, 6);
  });

  it('before the first 429, a stated per-minute limit lets one second of it go at once, then three times its rate', () => {
    const limiter = new RateLimiter({ initialWindow: 1000 });
    const [probe] = sendAll(limiter, 0, 1);
    limiter.onSettled(probe as SendTicket, accepted({ requests: { minute: { limit: 600, remaining: 599 } } }), 1);
    // 10 a second stated: a burst of 10, then one every 33 ms.
    expect(sendAll(limiter, 1)).toHaveLength(10);
    expect(limiter.delayBeforeSend(100, 1)).toBeCloseTo(100 / 3, 6);
  });

  it("never takes Groq's or Cerebras' daily request count for a per-minute budget", () => {
    const limiter = new RateLimiter();
    const daily: RateLimitInfo = { requests: { day: { limit: 14_400, remaining: 14_000, resetMs: 60_000 } }, tokens: { minute: { limit: 1_000_000, remaining: 999_000 } } };
    const now = acceptInTurn(limiter, 0, 20, daily);
    const [ticket] = sendAll(limiter, now, 1);
    limiter.onSettled(ticket as SendTicket, limited({ ...daily, retryAfterMs: 1000 }), now + 1);
    expect(limiter.snapshot().requestsPerMinute).toBeUndefined();
    // The tokens per minute it states are what they say: paced at them (less 2 %).
    expect(limiter.snapshot().tokensPerMinute).toBeCloseTo(980_000, 3);
  });

  it('a daily budget at zero only pauses until its retry-after: the per-minute rate stays', () => {
    const limiter = new RateLimiter({ initialWindow: 1 });
    const now = acceptInTurn(limiter, 0, 3);
    const [ticket] = sendAll(limiter, now, 1);
    const pause = limiter.onSettled(ticket as SendTicket, limited({ requests: { day: { limit: 1000, remaining: 0 } }, retryAfterMs: 3_600_000 }), now + 1);
    expect(pause).toBe(3_600_000);
    expect(limiter.snapshot()).toMatchObject({ window: 1, requestsPerMinute: undefined });
  });

  it('a 429 whose words say it hit a daily limit (Groq\'s "tokens per day (TPD)") only pauses: the per-minute rate stays', () => {
    const limiter = new RateLimiter({ initialWindow: 1 });
    const stated: RateLimitInfo = { requests: { minute: { limit: 1000, remaining: 900 } } };
    let now = acceptInTurn(limiter, 0, 3, stated);
    let [ticket] = sendAll(limiter, now, 1);
    limiter.onSettled(ticket as SendTicket, limited({ ...stated, retryAfterMs: 0 }), now);
    now = acceptInTurn(limiter, now, 3, stated);
    [ticket] = sendAll(limiter, now + limiter.delayBeforeSend(1, now), 1);
    const daily = limited({ ...stated, retryAfterMs: 578_016, limitedOn: { resource: 'tokens', period: 'day' } });
    expect(limiter.onSettled(ticket as SendTicket, daily, now + 100)).toBe(578_016);
    // The same 429 without those words lowers the rate to 882 (the test below).
    expect(limiter.snapshot().requestsPerMinute).toBeCloseTo(980, 6);
  });

  it('measures the rate between two 429s from what the server accepted in between (its bucket was empty at both)', () => {
    const limiter = new RateLimiter({ initialWindow: 1 });
    let [ticket] = sendAll(limiter, 0, 1);
    limiter.onSettled(ticket as SendTicket, limited({ retryAfterMs: 100 }), 1);
    // 11 accepted over the next 1.1 s, then the bucket is empty again: the server refills 10 per second.
    let now = 101;
    for (let i = 0; i < 11; i++, now += 100) {
      [ticket] = sendAll(limiter, now, 1);
      limiter.onSettled(ticket as SendTicket, accepted(), now + 50);
    }
    [ticket] = sendAll(limiter, 1102, 1);
    limiter.onSettled(ticket as SendTicket, limited({ retryAfterMs: 100 }), 1103);
    const perMinute = limiter.snapshot().requestsPerMinute ?? 0;
    expect(perMinute).toBeGreaterThan(595);
    expect(perMinute).toBeLessThanOrEqual(600);
  });

  it('decreases the rate by 10 % on a further 429, and climbs back by equal steps over 100 paced successes', () => {
    const limiter = new RateLimiter({ initialWindow: 1 });
    const stated: RateLimitInfo = { requests: { minute: { limit: 1000, remaining: 900 } } };
    let now = acceptInTurn(limiter, 0, 3, stated);
    let [ticket] = sendAll(limiter, now, 1);
    limiter.onSettled(ticket as SendTicket, limited({ ...stated, retryAfterMs: 0 }), now);
    expect(limiter.snapshot().requestsPerMinute).toBeCloseTo(980, 6);
    now = acceptInTurn(limiter, now, 3, stated);
    [ticket] = sendAll(limiter, now + limiter.delayBeforeSend(1, now), 1);
    limiter.onSettled(ticket as SendTicket, limited({ ...stated, retryAfterMs: 0 }), now + 100);
    expect(limiter.snapshot().requestsPerMinute).toBeCloseTo(882, 6);
    acceptInTurn(limiter, now + 200, 50, stated);
    expect(limiter.snapshot().requestsPerMinute).toBeCloseTo(931, 6);
    acceptInTurn(limiter, now + 10_000, 200, stated);
    // Never above what the headers state (less the reserve).
    expect(limiter.snapshot().requestsPerMinute).toBeCloseTo(980, 6);
  });

  it('does not raise a rate nobody is waiting on', () => {
    const limiter = new RateLimiter({ initialWindow: 1 });
    const stated: RateLimitInfo = { requests: { minute: { limit: 1000, remaining: 900 } } };
    const now = acceptInTurn(limiter, 0, 3, stated);
    const [ticket] = sendAll(limiter, now, 1);
    limiter.onSettled(ticket as SendTicket, limited({ retryAfterMs: 0 }), now);
    const [next] = sendAll(limiter, now + 100, 1);
    limiter.onSettled(next as SendTicket, limited({ retryAfterMs: 0 }), now + 100);
    const before = limiter.snapshot().requestsPerMinute;
    let at = now + 200;
    for (let i = 0; i < 20; i++, at += 1000) {
      const [idle] = sendAll(limiter, at, 1);
      limiter.onSettled(idle as SendTicket, accepted({}, false), at + 1);
    }
    expect(limiter.snapshot().requestsPerMinute).toBe(before);
  });

  it('without retry-after, pauses for one refill at the learned rate', () => {
    const limiter = new RateLimiter({ initialWindow: 1 });
    const stated: RateLimitInfo = { requests: { minute: { limit: 600, remaining: 500 } } };
    const now = acceptInTurn(limiter, 0, 3, stated);
    const [ticket] = sendAll(limiter, now, 1);
    limiter.onSettled(ticket as SendTicket, limited(stated), now);
    const [next] = sendAll(limiter, now + 200, 1);
    // 588 a minute less 10 %: one request every 113 ms.
    expect(limiter.onSettled(next as SendTicket, limited(stated), now + 200)).toBeCloseTo(60_000 / (588 * 0.9), 6);
  });
});

describe('RateLimiter: tokens', () => {
  it('scales token estimates by what the server charged for them', () => {
    const limiter = new RateLimiter();
    expect(limiter.tokenCost(100)).toBe(100);
    for (let i = 0; i < 40; i++) {
      const ticket = limiter.onSend(100, i, 100);
      limiter.onSettled(ticket, { kind: 'accepted', rateLimit: {}, chargedTokens: 80, backlogged: true }, i + 1);
    }
    expect(limiter.tokenCost(100)).toBe(80);
    expect(limiter.tokenCost(undefined)).toBe(80);
  });

  it('holds back what a per-minute tokens header says is left, before any 429', () => {
    const limiter = new RateLimiter({ initialWindow: 8 });
    const [ticket] = sendAll(limiter, 0, 1, 100);
    // 6,000 a minute, 250 left: room for one more request of 100 (the mirror keeps a reserve of 100).
    limiter.onSettled(ticket as SendTicket, accepted({ tokens: { minute: { limit: 6000, remaining: 250, resetMs: 57_500 } } }), 1);
    expect(sendAll(limiter, 1, 10, 100)).toHaveLength(1);
    expect(limiter.delayBeforeSend(100, 1)).toBeGreaterThan(0);
  });
});
