import { describe, expect, it } from 'vitest';
import { headerLookup, parseDurationMs, parseRateLimitHeaders, parseRetryAfterMs } from '../../../src/core/providers/rate-limit-headers';

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

describe('parseRateLimitHeaders', () => {
  it('normalises the Groq flavour (durations)', () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests': '14400',
      'x-ratelimit-limit-tokens': '6000',
      'x-ratelimit-remaining-requests': '14370',
      'x-ratelimit-remaining-tokens': '5997',
      'x-ratelimit-reset-requests': '2m59.56s',
      'x-ratelimit-reset-tokens': '7.66s',
      'retry-after': '8',
    });

    expect(parseRateLimitHeaders(headerLookup(headers))).toEqual({
      limitRequests: 14400,
      remainingRequests: 14370,
      resetRequestsMs: 179_560,
      limitTokens: 6000,
      remainingTokens: 5997,
      resetTokensMs: 7660,
      retryAfterMs: 8000,
    });
  });

  it('normalises the Cerebras flavour (float seconds) from a plain header record', () => {
    const headers = {
      'x-ratelimit-limit-requests-day': '14400',
      'x-ratelimit-limit-tokens-minute': '60000',
      'x-ratelimit-remaining-requests-day': '14399',
      'x-ratelimit-remaining-tokens-minute': '59000',
      'x-ratelimit-reset-requests-day': '33011.382',
      'x-ratelimit-reset-tokens-minute': '11.38',
    };

    expect(parseRateLimitHeaders(headerLookup(headers))).toEqual({
      limitRequests: 14400,
      remainingRequests: 14399,
      resetRequestsMs: 33_011_382,
      limitTokens: 60000,
      remainingTokens: 59000,
      resetTokensMs: 11_380,
    });
  });

  it('prefers retry-after-ms over retry-after', () => {
    const headers = new Headers({ 'retry-after': '2', 'retry-after-ms': '250' });
    expect(parseRateLimitHeaders(headerLookup(headers)).retryAfterMs).toBe(250);
  });

  it('leaves out what is missing or malformed', () => {
    const headers = new Headers({ 'x-ratelimit-limit-requests': 'many', 'x-ratelimit-reset-tokens': 'soon' });
    expect(parseRateLimitHeaders(headerLookup(headers))).toEqual({});
    expect(parseRateLimitHeaders(headerLookup(undefined))).toEqual({});
  });
});
