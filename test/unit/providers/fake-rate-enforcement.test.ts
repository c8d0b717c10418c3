/** The fake server's enforcement styles (issue #19's matrix): each enforces what it claims, on an injected clock. */
import { describe, expect, it } from 'vitest';
import { RateEnforcer, type Admission } from '../../fake-server/rate-enforcement';

function header(admission: Admission, name: string): string | undefined {
  const index = admission.headers.indexOf(name);
  return index === -1 || index % 2 === 1 ? undefined : admission.headers[index + 1];
}

function statuses(enforcer: RateEnforcer, model: string, count: number, at: number, tokens = 10): number[] {
  return Array.from({ length: count }, () => enforcer.admit(model, tokens, 'groq', at).status);
}

describe('RateEnforcer', () => {
  it('quantized to the second: a bucket of one second of 600/min takes 10 at once, then 10 per second', () => {
    const enforcer = new RateEnforcer({ requestsPerMinute: 600, burstSeconds: 1 });
    expect(statuses(enforcer, 'm', 12, 0)).toEqual([...Array<number>(10).fill(200), 429, 429]);
    expect(statuses(enforcer, 'm', 2, 100)).toEqual([200, 429]);
    expect(statuses(enforcer, 'm', 11, 1_100)).toEqual([...Array<number>(10).fill(200), 429]);
  });

  it('a minute bucket takes the whole minute at once', () => {
    const enforcer = new RateEnforcer({ requestsPerMinute: 600, burstSeconds: 60 });
    expect(statuses(enforcer, 'm', 601, 0).filter((s) => s === 200)).toHaveLength(600);
  });

  it('limits each model apart, or the organisation as one', () => {
    const perModel = new RateEnforcer({ requestsPerMinute: 60, burstSeconds: 1 });
    expect([...statuses(perModel, 'a', 2, 0), ...statuses(perModel, 'b', 2, 0)]).toEqual([200, 429, 200, 429]);
    const shared = new RateEnforcer({ requestsPerMinute: 60, burstSeconds: 1, scope: 'organization' });
    expect([...statuses(shared, 'a', 1, 0), ...statuses(shared, 'b', 1, 0)]).toEqual([200, 429]);
  });

  it('bounds on tokens (prompt + output cap, reserved up front), and answers 413 for a request no bucket can hold', () => {
    const enforcer = new RateEnforcer({ tokensPerMinute: 6000, burstSeconds: 1 });
    expect(statuses(enforcer, 'm', 3, 0, 40)).toEqual([200, 200, 429]);
    expect(enforcer.admit('m', 101, 'groq', 10_000)).toMatchObject({ status: 413, tokens: 101, capacity: 100 });
  });

  it('says retry-after in whole seconds (at least 1), in ms, or not at all', () => {
    const at = (retryAfter: 'seconds' | 'milliseconds' | 'none') => {
      const enforcer = new RateEnforcer({ requestsPerMinute: 600, burstSeconds: 1, retryAfter, headers: 'none' });
      statuses(enforcer, 'm', 10, 0);
      return enforcer.admit('m', 1, 'groq', 30).headers;
    };
    expect(at('seconds')).toEqual(['retry-after', '1']);
    expect(at('milliseconds')).toEqual(['retry-after-ms', '70']);
    expect(at('none')).toEqual([]);
  });

  it("states the per-minute limit (OpenAI style), only Groq's daily request count, Cerebras' suffixed names, or nothing", () => {
    const admit = (headers: 'openai' | 'groq' | 'cerebras' | 'none') =>
      new RateEnforcer({ requestsPerMinute: 600, tokensPerMinute: 60_000, burstSeconds: 1, headers, requestsPerDay: 14_400 }).admit('m', 100, 'groq', 0);
    const openai = admit('openai');
    expect([header(openai, 'x-ratelimit-limit-requests'), header(openai, 'x-ratelimit-remaining-requests')]).toEqual(['600', '599']);
    const groq = admit('groq');
    expect([header(groq, 'x-ratelimit-limit-requests'), header(groq, 'x-ratelimit-remaining-requests'), header(groq, 'x-ratelimit-limit-tokens')]).toEqual(['14400', '14399', '60000']);
    expect(header(groq, 'x-ratelimit-reset-requests')).toMatch(/^\d+h\d+m[\d.]+s$/);
    const cerebras = admit('cerebras');
    expect([header(cerebras, 'x-ratelimit-limit-requests-day'), header(cerebras, 'x-ratelimit-remaining-tokens-minute')]).toEqual(['14400', '59900']);
    expect(admit('none').headers).toEqual([]);
  });

  it('halves the rate left to us when another client appears, keeping the stated limit, and bounds the time accordingly', () => {
    const enforcer = new RateEnforcer({ requestsPerMinute: 600, burstSeconds: 1, headers: 'openai', halveAfterMs: 1_000 });
    statuses(enforcer, 'm', 10, 0);
    expect(statuses(enforcer, 'm', 11, 1_000)).toEqual([...Array<number>(10).fill(200), 429]);
    // After the halving: 5 per second.
    expect(statuses(enforcer, 'm', 6, 2_000)).toEqual([...Array<number>(5).fill(200), 429]);
    expect(header(enforcer.admit('m', 1, 'groq', 3_000), 'x-ratelimit-limit-requests')).toBe('600');
    // 26 accepted: 10 at once, 10 in the first second, the last 6 at 5 per second.
    expect(enforcer.report()).toMatchObject({ buckets: [{ key: 'm', accepted: 26, rejected: 2 }], boundMs: 1_000 + 1_200, firstAt: 0, lastAcceptedAt: 3_000 });
  });

  it('reports the least time the accepted requests could have taken from a full bucket', () => {
    const enforcer = new RateEnforcer({ requestsPerMinute: 600, burstSeconds: 1 });
    for (let at = 0; at <= 10_000; at += 100) enforcer.admit('m', 1, 'groq', at);
    // One per 100 ms for 10 s: 101 accepted, which a full bucket could have given in (101 - 10) / 10 per second.
    expect(enforcer.report()).toMatchObject({ boundMs: 9_100, buckets: [{ accepted: 101, rejected: 0 }] });
  });
});
