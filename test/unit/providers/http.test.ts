import { describe, expect, it } from 'vitest';
import { createGroqProvider } from '../../../src/core/providers/groq';
import { createPooledHttp } from '../../../src/core/providers/http';
import { providerFailure, request, useFakeServer } from './fixtures';

const CHAT_BODY = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });

describe('pooled http', () => {
  const fake = useFakeServer();

  it('answers with status, headers, url and a JSON body (dispatch engine)', async () => {
    const url = `${fake.server.url}/openai/v1/chat/completions`;

    const response = await fake.http.fetch(url, { method: 'POST', body: CHAT_BODY, headers: { 'content-type': 'application/json' } });

    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.url).toBe(url);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('10000000');
    expect(await response.json()).toMatchObject({ choices: [{ message: { content: 'echo: hi' } }] });
  });

  it('gives a body that iterates as bytes, as the SDKs read streams', async () => {
    const response = await fake.http.fetch(`${fake.server.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });

    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });

    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('reports a non-2xx answer as not ok with its text', async () => {
    const response = await fake.http.fetch(`${fake.server.url}/nowhere`);
    expect(response.ok).toBe(false);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Unknown route GET /nowhere');
  });

  it('rejects the body when the request is aborted after the headers (stalled answer)', async () => {
    await fake.restart({ faultsPerKey: { 'hello world!': ['stall'] } });
    const controller = new AbortController();
    const response = await fake.http.fetch(`${fake.server.url}/openai/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hello world!' }] }),
      signal: controller.signal,
    });
    const reason = new Error('deadline');
    setTimeout(() => controller.abort(reason), 50);

    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toBe(reason);
  });

  it('rejects at once for a signal aborted before the request', async () => {
    const reason = new Error('cancelled');
    await expect(fake.http.fetch(`${fake.server.url}/v1/models`, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fake.server.stats.totalRequests).toBe(0);
  });

  it('stops reading a stream early, and reads a body only once', async () => {
    const body = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const first = await fake.http.fetch(`${fake.server.url}/v1/chat/completions`, { method: 'POST', body });
    for await (const chunk of first.body as unknown as AsyncIterable<Uint8Array>) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      break;
    }
    await expect(first.text()).rejects.toThrow('already read');

    const second = await fake.http.fetch(`${fake.server.url}/v1/chat/completions`, { method: 'POST', body: CHAT_BODY });
    expect(await second.json()).toMatchObject({ choices: [{ message: { content: 'echo: hi' } }] });
  });

  it.each([false, true])('also works on the undici fetch engine through an SDK (stream: %s)', async (stream) => {
    const http = createPooledHttp({ engine: 'fetch' });
    try {
      const provider = createGroqProvider({ apiKey: 'k', baseUrl: fake.server.url, http, stream });
      const result = await provider.complete(request());
      expect(result.text).toBe('echo: hello world!');
      expect(result.usage.outputTokens).toBe(5);
      expect(result.rateLimit.tokens?.minute?.limit).toBe(10_000_000);
    } finally {
      await http.close();
    }
  });

  it('closes promptly with a request still hanging, failing that request', async () => {
    await fake.restart({ hangRate: 1 });
    const provider = createGroqProvider({ apiKey: 'k', baseUrl: fake.server.url, http: fake.http });
    const pending = providerFailure(provider.complete(request({ timeoutMs: 10_000 })));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();

    await fake.http.close();
    const error = await pending;

    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.kind).toBe('network');
  });
});
