import { describe, expect, it } from 'vitest';
import { dialectForBaseUrl, headerLookup, parseDurationMs, parseRateLimitHeaders, parseRetryAfterMs } from '../../../src/core/providers/rate-limit-headers';

describe('parseDurationMs', () => {
  it.each([
    ['2m59.56s', 179_560],
    ['7.66s', 7660],
    ['120ms', 120],
    ['1h2m3s', 3_723_000],
    ['0s', 0],
    ['1m', 60_000],
    ['500us', 0.5],
    ['12.5', 12_500],
    ['0.25', 250],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 'soon', '5 s', '3x', 's', '-1s'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delay seconds', () => {
    expect(parseRetryAfterMs('3')).toBe(3000);
    expect(parseRetryAfterMs('1.5')).toBe(1500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfterMs('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
  });

  it('rejects anything else', () => {
    expect(parseRetryAfterMs('later')).toBeUndefined();
  });
});

describe('parseRateLimitHeaders: each figure under the period it really covers', () => {
  // The sample of Groq's docs (https://console.groq.com/docs/rate-limits, "Rate Limit Headers";
  // the values are the docs' own, which call them illustrative). Each row of the docs' table
  // says "Always refers to Requests Per Day (RPD)" or "Always refers to Tokens Per Minute (TPM)".
  const groqDocsSample = {
    'retry-after': '2',
    'x-ratelimit-limit-requests': '14400',
    'x-ratelimit-limit-tokens': '18000',
    'x-ratelimit-remaining-requests': '14370',
    'x-ratelimit-remaining-tokens': '17997',
    'x-ratelimit-reset-requests': '2m59.56s',
    'x-ratelimit-reset-tokens': '7.66s',
  };
  // The sample of Cerebras' docs (https://inference-docs.cerebras.ai/support/rate-limits, the
  // `curl --verbose` example), where every name says its period.
  const cerebrasDocsSample = {
    'x-ratelimit-limit-requests-day': '1000000000',
    'x-ratelimit-limit-tokens-minute': '1000000000',
    'x-ratelimit-remaining-requests-day': '999997455',
    'x-ratelimit-remaining-tokens-minute': '999998298',
    'x-ratelimit-reset-requests-day': '33011.382867097855',
    'x-ratelimit-reset-tokens-minute': '11.382867097854614',
  };

  it("reads Groq's requests headers as per day and its tokens headers as per minute: no requests-per-minute figure", () => {
    const info = parseRateLimitHeaders(headerLookup(new Headers(groqDocsSample)), 'groq');

    expect(info).toEqual({
      requests: { day: { limit: 14400, remaining: 14370, resetMs: 179_560 } },
      tokens: { minute: { limit: 18000, remaining: 17997, resetMs: 7660 } },
      retryAfterMs: 2000,
    });
    expect(info.requests?.minute).toBeUndefined();
  });

  it("reads Cerebras' suffixed names as they say, from a plain header record as its SDK's errors carry them", () => {
    const info = parseRateLimitHeaders(headerLookup(cerebrasDocsSample), 'cerebras');

    expect(info).toEqual({
      requests: { day: { limit: 1_000_000_000, remaining: 999_997_455, resetMs: 33_011_382.867 } },
      tokens: { minute: { limit: 1_000_000_000, remaining: 999_998_298, resetMs: 11_382.867 } },
    });
  });

  it('never mistakes a daily remaining count for a per-minute budget, whichever dialect is asked', () => {
    for (const dialect of ['groq', 'cerebras', 'openai'] as const) {
      expect(parseRateLimitHeaders(headerLookup(cerebrasDocsSample), dialect).requests?.minute).toBeUndefined();
    }
    expect(parseRateLimitHeaders(headerLookup(new Headers(groqDocsSample)), 'groq').requests?.minute).toBeUndefined();
    // Cerebras sends no unsuffixed names: any that appear have no stated period and are ignored.
    expect(parseRateLimitHeaders(headerLookup(new Headers(groqDocsSample)), 'cerebras')).toEqual({ retryAfterMs: 2000 });
  });

  it('reads the unsuffixed names as per minute for OpenAI-style servers, which state RPM and TPM', () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests': '600',
      'x-ratelimit-remaining-requests': '599',
      'x-ratelimit-reset-requests': '100ms',
      'x-ratelimit-limit-tokens': '60000',
      'x-ratelimit-remaining-tokens': '59900',
      'x-ratelimit-reset-tokens': '100ms',
    });
    expect(parseRateLimitHeaders(headerLookup(headers), 'openai')).toEqual({
      requests: { minute: { limit: 600, remaining: 599, resetMs: 100 } },
      tokens: { minute: { limit: 60000, remaining: 59900, resetMs: 100 } },
    });
  });

  it('reads a suffixed name in any dialect, and it wins over the unsuffixed one for the same period', () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests-minute': '30',
      'x-ratelimit-remaining-requests-minute': '29',
      'x-ratelimit-limit-requests': '14400',
      'x-ratelimit-remaining-requests': '14000',
      'x-ratelimit-limit-tokens-hour': '1000000',
    });
    expect(parseRateLimitHeaders(headerLookup(headers), 'groq').requests).toEqual({ minute: { limit: 30, remaining: 29 }, day: { limit: 14400, remaining: 14000 } });
    expect(parseRateLimitHeaders(headerLookup(headers), 'openai')).toEqual({
      requests: { minute: { limit: 30, remaining: 29 } },
      tokens: { hour: { limit: 1_000_000 } },
    });
  });

  it('prefers retry-after-ms over retry-after', () => {
    const headers = new Headers({ 'retry-after': '2', 'retry-after-ms': '250' });
    expect(parseRateLimitHeaders(headerLookup(headers), 'openai').retryAfterMs).toBe(250);
  });

  it('leaves out what is missing or malformed', () => {
    const headers = new Headers({ 'x-ratelimit-limit-requests': 'many', 'x-ratelimit-reset-tokens': 'soon', 'retry-after': 'later' });
    expect(parseRateLimitHeaders(headerLookup(headers), 'groq')).toEqual({});
    expect(parseRateLimitHeaders(headerLookup(undefined), 'groq')).toEqual({});
  });
});

describe('dialectForBaseUrl', () => {
  it.each([
    ['https://api.groq.com/openai/v1', 'groq'],
    ['https://api.cerebras.ai/v1', 'cerebras'],
    ['http://localhost:11434/v1', 'openai'],
    ['https://notgroq.com.example/v1', 'openai'],
    ['not a url', 'openai'],
  ])('%s speaks %s', (url, dialect) => {
    expect(dialectForBaseUrl(url)).toBe(dialect);
  });
});
