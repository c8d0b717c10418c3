/** Mapping of failures that the fake server does not produce on its own (the common ones are in sdk-providers.test.ts). */
import { describe, expect, it } from 'vitest';
import { toProviderError, type FailureContext } from '../../../src/core/providers/errors';
import { ProviderError } from '../../../src/core/providers/types';

const context: FailureContext = { providerId: 'groq', model: 'llama-3.1-8b-instant', timedOut: false, timeoutMs: 1000, cancelled: false, keyName: 'GROQ_API_KEY' };

function statusError(status: number, message = 'nope', headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`${status} ${message}`), { status, headers: new Headers(headers), error: { error: { message } } });
}

describe('toProviderError', () => {
  it.each([
    [408, 'timeout', true],
    [409, 'server', true],
    [403, 'auth', false],
    [422, 'bad_request', false],
    [400, 'bad_request', false],
    [503, 'server', true],
  ] as const)('maps status %d to %s (retryable: %s)', (status, kind, retryable) => {
    const error = toProviderError(statusError(status), context);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(status);
  });

  it('quotes the provider message of a bad request', () => {
    const error = toProviderError(statusError(400, "'logprobs' is not supported with this model"), context);
    expect(error.message).toContain("'logprobs' is not supported with this model");
  });

  it('makes a 413 (one request above the tokens-per-minute limit) a clear error at once, never a retry', () => {
    const said = 'Request too large for model `llama-3.1-8b-instant` on tokens per minute (TPM): Limit 6000, Requested 7000';
    const error = toProviderError(statusError(413, said), context);
    expect(error).toMatchObject({ kind: 'bad_request', retryable: false, status: 413 });
    expect(error.message).toContain(said);
    expect(error.message).toContain('lower maxOutputTokens');
  });

  it('makes a 429 that says "Request too large" (OpenAI\'s way) the same clear error at once', () => {
    const said = 'Request too large for gpt-4o in organization org-2itOgSdqw0DhUYp0QyLhttLL on tokens per min (TPM): Limit 30000, Requested 36278.';
    const error = toProviderError(statusError(429, said), context);
    expect(error).toMatchObject({ kind: 'bad_request', retryable: false, status: 429 });
    expect(error.message).toContain('lower maxOutputTokens');
  });

  it("takes the wait and the limit from a 429's words when no header gives them, never over retry-after", () => {
    const said = 'Rate limit reached for model `m` in organization `o` on tokens per minute (TPM): Limit 6000, Used 5034, Requested 1443. Please try again in 4.77s.';
    expect(toProviderError(statusError(429, said), context).rateLimit).toEqual({ limitedOn: { resource: 'tokens', period: 'minute' }, retryAfterMs: 4770 });
    expect(toProviderError(statusError(429, said, { 'retry-after': '5' }), context).rateLimit.retryAfterMs).toBe(5000);
  });

  it("reads Cerebras' top-level error body, and a proxy's plain text as saying nothing", () => {
    const cerebras = Object.assign(new Error('429'), {
      status: 429,
      headers: new Headers(),
      error: { message: 'Requests per minute limit exceeded - too many requests sent.', type: 'too_many_requests_error', param: 'quota', code: 'request_quota_exceeded' },
    });
    expect(toProviderError(cerebras, context)).toMatchObject({ kind: 'rate_limit', retryable: true, rateLimit: { limitedOn: { resource: 'requests', period: 'minute' } } });
    const proxy = Object.assign(new Error('429 "Too Many Requests"'), { status: 429, headers: new Headers(), error: 'Too Many Requests' });
    expect(toProviderError(proxy, context)).toMatchObject({ kind: 'rate_limit', retryable: true });
    expect(toProviderError(proxy, context).rateLimit).toEqual({});
  });

  it("reads a 429's headers in the provider's dialect (Groq's requests are per day)", () => {
    const raw = statusError(429, 'slow down', { 'retry-after': '2', 'x-ratelimit-limit-requests': '14400', 'x-ratelimit-remaining-requests': '0' });
    expect(toProviderError(raw, { ...context, rateLimitDialect: 'groq' }).rateLimit).toEqual({ requests: { day: { limit: 14400, remaining: 0 } }, retryAfterMs: 2000 });
    expect(toProviderError(raw, { ...context, rateLimitDialect: 'openai' }).rateLimit.requests).toEqual({ minute: { limit: 14400, remaining: 0 } });
  });

  it('reads retry-after from a 429 with a plain-record header set (the older SDK shape)', () => {
    const raw = Object.assign(new Error('429'), { status: 429, headers: { 'retry-after': '7' } });
    expect(toProviderError(raw, context).rateLimit.retryAfterMs).toBe(7000);
  });

  it('finds a reset connection in the cause chain', () => {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const error = toProviderError(new Error('Connection error.', { cause: new TypeError('fetch failed', { cause }) }), context);
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNRESET');
  });

  it('lets our own signals decide over whatever the SDK threw', () => {
    const aborted = new Error('Request was aborted.');
    expect(toProviderError(aborted, { ...context, cancelled: true }).kind).toBe('cancelled');
    expect(toProviderError(aborted, { ...context, timedOut: true }).kind).toBe('timeout');
  });

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError('unknown', 'odd answer', false);
    expect(toProviderError(original, context)).toBe(original);
  });

  it('maps anything else to a non-retryable unknown error', () => {
    const error = toProviderError(new Error('something odd'), context);
    expect(error.kind).toBe('unknown');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('groq/llama-3.1-8b-instant: something odd');
  });
});
