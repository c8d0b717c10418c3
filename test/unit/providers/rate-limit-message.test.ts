/**
 * The words of rate-limit answers, as the providers really sent them (quoted in public bug reports:
 * continuedev/continue#2343 and #10920, elizaOS/eliza#4040, HunorLaczko/ha-groq-cloud-api#27 for
 * Groq; nminaya/grammar-nazi-bot#958 and continuedev/continue#9800 for Cerebras; Aider-AI/aider#1880
 * for OpenAI's 429 "Request too large").
 */
import { describe, expect, it } from 'vitest';
import { readRateLimitMessage } from '../../../src/core/providers/rate-limit-message';

describe('readRateLimitMessage', () => {
  it("reads Groq's requests-per-minute 429: the limit it hit and the wait", () => {
    const said =
      'Rate limit reached for model `llama-3.1-8b-instant` in organization `org_01ht7j91w5fjx8yabp2xh9hq37` on requests per minute (RPM): Limit 30, Used 30, Requested 1. Please try again in 399ms. Visit https://console.groq.com/docs/rate-limits for more information.';
    expect(readRateLimitMessage(said)).toEqual({ limitedOn: { resource: 'requests', period: 'minute' }, retryAfterMs: 399, tooLarge: false });
  });

  it("reads Groq's tokens per minute and per day, with Go-style waits", () => {
    const perMinute =
      'Rate limit reached for model `llama-3.1-8b-instant` in organization `org_01j5b4pz9jff492fq686vypsx6` service tier `on_demand` on tokens per minute (TPM): Limit 6000, Used 5034, Requested 1443. Please try again in 4.77s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing';
    const perDay =
      'Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01kjh7p9n8f1qs6nz2bz77vy6b` service tier `on_demand` on tokens per day (TPD): Limit 100000, Used 97050, Requested 3619. Please try again in 9m38.016s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing';
    expect(readRateLimitMessage(perMinute)).toEqual({ limitedOn: { resource: 'tokens', period: 'minute' }, retryAfterMs: 4770, tooLarge: false });
    expect(readRateLimitMessage(perDay)).toEqual({ limitedOn: { resource: 'tokens', period: 'day' }, retryAfterMs: 578_016, tooLarge: false });
  });

  it("knows Groq's request too large (its 413) and OpenAI's (a 429) for what waiting never fixes", () => {
    const groq =
      'Request too large for model llama-3.1-8b-instant in organization org_xxxxxxx service tier on_demand on tokens per minute (TPM): Limit 6000, Requested 12328, please reduce your message size and try again. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing';
    const openai =
      'Request too large for gpt-4o in organization org-2itOgSdqw0DhUYp0QyLhttLL on tokens per min (TPM): Limit 30000, Requested 36278. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.';
    expect(readRateLimitMessage(groq)).toMatchObject({ tooLarge: true, limitedOn: { resource: 'tokens', period: 'minute' } });
    expect(readRateLimitMessage(groq).retryAfterMs).toBeUndefined();
    expect(readRateLimitMessage(openai)).toMatchObject({ tooLarge: true, limitedOn: { resource: 'tokens', period: 'minute' } });
  });

  it("reads Cerebras' words, which name the limit but no wait", () => {
    expect(readRateLimitMessage('Requests per minute limit exceeded - too many requests sent.')).toEqual({ limitedOn: { resource: 'requests', period: 'minute' }, tooLarge: false });
    expect(readRateLimitMessage('Tokens per minute limit exceeded - too many tokens processed.')).toEqual({ limitedOn: { resource: 'tokens', period: 'minute' }, tooLarge: false });
  });

  it("finds nothing in a proxy's words or none", () => {
    expect(readRateLimitMessage('429 "Too Many Requests"')).toEqual({ tooLarge: false });
    expect(readRateLimitMessage('')).toEqual({ tooLarge: false });
    expect(readRateLimitMessage(undefined)).toEqual({ tooLarge: false });
  });
});
