/**
 * Groq, Cerebras and OpenAI-compatible providers, each through its real SDK pointed at the
 * fake server: answers, usage and timing for both flavours, streaming, rate-limit headers and
 * the mapping of every failure to ProviderError.
 */
import { describe, expect, it } from 'vitest';
import type { FakeChatRequest } from '../../fake-server/fake-openai-server';
import { startFakeServer } from '../../fake-server/fake-openai-server';
import { ProviderError } from '../../../src/core/providers/types';
import { eventually, MESSAGES, providerFailure, request, SDK_CASES, useFakeServer } from './fixtures';

describe.each(SDK_CASES)('$name provider through its SDK', (sdk) => {
  const fake = useFakeServer();

  it('returns the answer text, usage with cached tokens, timing in ms and the finish reason', async () => {
    await fake.restart({ cachedTokens: 3 });
    const provider = sdk.create(fake.server, fake.http);

    const result = await provider.complete(request());

    expect(result.text).toBe('echo: hello world!');
    expect(result.usage).toEqual({ inputTokens: 4, outputTokens: 5, cachedInputTokens: 3 });
    // Fake timings: queue 0.002 s, prompt 4 × 0.00001 s, completion 5 × 0.001 s. Groq sends them
    // inside `usage`; Cerebras and the generic path in `time_info`.
    expect(result.timing).toEqual({ queueMs: 2, promptMs: 0.04, completionMs: 5, totalMs: 5.04 });
    expect(result.finishReason).toBe('stop');
    expect(result.simulated).toBe(false);
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(fake.server.stats.byStatus[200]).toBe(1);
  });

  it(`sends the output cap as ${sdk.maxTokensField} and the sampling settings`, async () => {
    const seen: FakeChatRequest[] = [];
    await fake.restart({ onRequest: (r) => seen.push(r) });
    const provider = sdk.create(fake.server, fake.http);

    const result = await provider.complete(request({ maxOutputTokens: 2, temperature: 0.2, topP: 0.9, stop: ['\n'] }));

    const raw = seen[0]?.body.raw;
    expect(raw?.[sdk.maxTokensField]).toBe(2);
    expect(raw).toMatchObject({ model: 'llama-3.1-8b-instant', temperature: 0.2, top_p: 0.9, stop: ['\n'], messages: MESSAGES });
    // The fake cuts the answer at 2 tokens (8 characters) and says so.
    expect(result.text).toBe('echo: he');
    expect(result.finishReason).toBe('length');
  });

  it('sends a JSON schema response format in the OpenAI shape', async () => {
    const seen: FakeChatRequest[] = [];
    await fake.restart({ onRequest: (r) => seen.push(r) });
    const provider = sdk.create(fake.server, fake.http);
    const schema = { type: 'object', properties: { pass: { type: 'boolean' } } };

    await provider.complete(request({ responseFormat: { type: 'json_schema', name: 'verdict', schema } }));

    expect(seen[0]?.body.raw.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'verdict', schema } });
  });

  it('streams: joins the deltas and reads usage and timing from the last chunk', async () => {
    const seen: FakeChatRequest[] = [];
    await fake.restart({ cachedTokens: 1, onRequest: (r) => seen.push(r) });
    const provider = sdk.create(fake.server, fake.http, { stream: true });

    const result = await provider.complete(request());

    expect(seen[0]?.body.stream).toBe(true);
    expect(result.text).toBe('echo: hello world!');
    expect(result.usage).toEqual({ inputTokens: 4, outputTokens: 5, cachedInputTokens: 1 });
    expect(result.timing).toEqual({ queueMs: 2, promptMs: 0.04, completionMs: 5, totalMs: 5.04 });
    expect(result.finishReason).toBe('stop');
    expect(result.rateLimit.tokens?.minute?.limit).toBe(10_000_000);
  });

  it(`reads the rate-limit headers of every answer as ${sdk.name} means them`, async () => {
    // Each server states its limits its own way: Groq's requests per day, Cerebras' suffixed
    // names, OpenAI-style per minute.
    const headers = sdk.name === 'openai-compatible' ? 'openai' : sdk.flavour;
    await fake.restart({ rateLimit: { requestsPerMinute: 60, tokensPerMinute: 6000, requestsPerDay: 14_400, headers } });
    const provider = sdk.create(fake.server, fake.http);

    const result = await provider.complete(request({ maxOutputTokens: 96 }));

    const info = result.rateLimit;
    // 4 prompt tokens + the 96 reserved for the answer, from a bucket refilling 100 tokens a second.
    expect(info.tokens?.minute).toMatchObject({ limit: 6000, remaining: 5900 });
    expect(info.tokens?.minute?.resetMs).toBeGreaterThan(900);
    expect(info.tokens?.minute?.resetMs).toBeLessThanOrEqual(1000);
    if (headers === 'openai') {
      expect(info.requests).toEqual({ minute: { limit: 60, remaining: 59, resetMs: expect.any(Number) as number } });
    } else {
      // Never a per-minute figure: these count the day.
      expect(info.requests).toEqual({ day: { limit: 14_400, remaining: 14_399, resetMs: expect.any(Number) as number } });
    }
    expect(info.retryAfterMs).toBeUndefined();
  });

  it('maps 429 to a retryable rate_limit error carrying retry-after in ms', async () => {
    await fake.restart({ rateLimit: { requestsPerMinute: 60, burst: 1 } });
    const provider = sdk.create(fake.server, fake.http);
    await provider.complete(request());

    const error = await providerFailure(provider.complete(request()));

    expect(error.kind).toBe('rate_limit');
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(429);
    expect(error.rateLimit.retryAfterMs).toBe(1000);
    expect(error.rateLimit.tokens?.minute?.limit).toBe(10_000_000);
    expect(fake.server.stats.byStatus[429]).toBe(1);
  });

  it('maps 500 to a retryable server error with the provider message', async () => {
    await fake.restart({ failureRate: 1 });
    const provider = sdk.create(fake.server, fake.http);

    const error = await providerFailure(provider.complete(request()));

    expect(error.kind).toBe('server');
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(500);
    expect(error.message).toContain('Internal server error (fake)');
  });

  // No wall-clock bounds here (timings belong to `npm run bench`): our own timer is the only
  // thing that can end these calls before the test's deadline (the SDKs wait 10 minutes), and
  // the error says which timer or signal ended it.
  it('turns a hung request into a retryable timeout from our timer and frees the socket', async () => {
    await fake.restart({ hangRate: 1 });
    const provider = sdk.create(fake.server, fake.http);

    const error = await providerFailure(provider.complete(request({ timeoutMs: 200 })));

    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('200 ms');
    expect(fake.server.stats.hung).toBe(1);
    // The abort closed the connection, so the server no longer holds the request.
    expect(await eventually(() => fake.server.stats.inFlight === 0)).toBe(true);
  });

  it.each([false, true])('times out an answer that stalls after its headers (stream: %s)', async (stream) => {
    // Only our own timer can end this: the SDK's timer stops once the headers are in.
    await fake.restart({ faultsPerKey: { 'hello world!': ['stall'] } });
    const provider = sdk.create(fake.server, fake.http, { stream });

    const error = await providerFailure(provider.complete(request({ timeoutMs: 200 })));

    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('200 ms');
    expect(fake.server.stats.stalled).toBe(1);
  });

  it('maps an abort by the caller to a non-retryable cancelled error, before the timeout', async () => {
    await fake.restart({ hangRate: 1 });
    const provider = sdk.create(fake.server, fake.http);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const error = await providerFailure(provider.complete(request({ signal: controller.signal, timeoutMs: 5000 })));

    // 'cancelled', not 'timeout': the caller's abort ended it, before the provider's timer
    expect(error.kind).toBe('cancelled');
    expect(error.retryable).toBe(false);
  });

  it.each([
    { reason: () => new ProviderError('timeout', 'No answer within 200 ms', true), kind: 'timeout' },
    { reason: () => new Error('run cancelled'), kind: 'cancelled' },
  ])('with signalHasDeadline, sets no timer and reads $kind from the signal\'s reason', async ({ reason, kind }) => {
    await fake.restart({ hangRate: 1 });
    const provider = sdk.create(fake.server, fake.http);
    const controller = new AbortController();
    let settled = false;

    // timeoutMs is far shorter than the time the request takes to reach the server: a timer of
    // the provider's own would have ended the call before the server holds it.
    const failure = providerFailure(provider.complete(request({ signal: controller.signal, timeoutMs: 1, signalHasDeadline: true }))).finally(() => {
      settled = true;
    });
    expect(await eventually(() => fake.server.stats.hung === 1)).toBe(true);
    expect(settled).toBe(false);
    controller.abort(reason());
    const error = await failure;

    expect(error.kind).toBe(kind);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const provider = sdk.create(fake.server, fake.http);
    const controller = new AbortController();
    controller.abort();

    const error = await providerFailure(provider.complete(request({ signal: controller.signal })));

    expect(error.kind).toBe('cancelled');
    expect(fake.server.stats.totalRequests).toBe(0);
  });

  it('maps 401 to a non-retryable auth error that says which key to check', async () => {
    await fake.restart({ apiKey: 'the-right-key' });
    const provider = sdk.create(fake.server, fake.http, { apiKey: 'a-wrong-key' });

    const error = await providerFailure(provider.complete(request()));

    expect(error.kind).toBe('auth');
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(401);
    expect(error.message).toContain(`check ${sdk.keyName}`);
    expect(error.message).toContain('Invalid API Key');
  });

  it('authenticates with the key it was given', async () => {
    await fake.restart({ apiKey: 'the-right-key' });
    const provider = sdk.create(fake.server, fake.http, { apiKey: 'the-right-key' });

    const result = await provider.complete(request());

    expect(result.text).toBe('echo: hello world!');
  });

  it('maps a bare 404 to a non-retryable model_unavailable error that suspects the model or the base URL', async () => {
    const provider = sdk.create(fake.server, fake.http, { baseUrl: `${fake.server.url}/wrong-prefix` });

    const error = await providerFailure(provider.complete(request()));

    expect(error.kind).toBe('model_unavailable');
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(404);
    expect(error.message).toContain('Unknown route POST /wrong-prefix');
    expect(error.message).toMatch(/the model does not exist there, or the base URL .*wrong-prefix.* is wrong/);
  });

  it(`maps ${sdk.flavour === 'groq' ? "Groq's 400 model_decommissioned" : "Cerebras' 404 model_not_found"} to a non-retryable model_unavailable error naming the model and the fix`, async () => {
    await fake.restart({ retiredModels: ['llama-3.1-8b-instant'] });
    const provider = sdk.create(fake.server, fake.http);

    const error = await providerFailure(provider.complete(request()));

    expect(error.kind).toBe('model_unavailable');
    expect(error.retryable).toBe(false);
    if (sdk.flavour === 'groq') {
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/^groq\/llama-3\.1-8b-instant is not available: groq has retired it \(400 model_decommissioned: The model `llama-3\.1-8b-instant` has been decommissioned/);
    } else if (sdk.name === 'cerebras') {
      expect(error.status).toBe(404);
      expect(error.message).toMatch(/^cerebras\/llama-3\.1-8b-instant is not available: cerebras does not serve it \(404 model_not_found: Model llama-3\.1-8b-instant does not exist/);
    } else {
      // The openai SDK reads only an error nested under `error`; Cerebras' top-level body is a bare 404 to it.
      expect(error.status).toBe(404);
      expect(error.message).toMatch(/^local\/llama-3\.1-8b-instant is not available: local answered 404 \(the model does not exist there/);
    }
    expect(error.message).toContain(`Fix: pick a model ${sdk.name === 'openai-compatible' ? 'local' : sdk.name} serves today (list them with \`refinery models --provider`);
  });

  it('lists the served models through the SDK (GET /models), without the retired ones', async () => {
    await fake.restart({ modelsByFlavour: { groq: ['openai/gpt-oss-20b', 'openai/gpt-oss-120b', 'llama-3.1-8b-instant'], cerebras: ['gpt-oss-120b', 'qwen-3.8-27b', 'llama3.1-8b'] }, retiredModels: ['llama-3.1-8b-instant', 'llama3.1-8b'] });
    const provider = sdk.create(fake.server, fake.http);

    const models = await provider.listModels?.();

    if (sdk.flavour === 'groq') {
      expect(models).toEqual([
        { id: 'openai/gpt-oss-120b', ownedBy: 'Fake', contextWindow: 131_072 },
        { id: 'openai/gpt-oss-20b', ownedBy: 'Fake', contextWindow: 131_072 },
      ]);
    } else {
      expect(models).toEqual([
        { id: 'gpt-oss-120b', ownedBy: 'Fake' },
        { id: 'qwen-3.8-27b', ownedBy: 'Fake' },
      ]);
    }
    expect(fake.server.stats.modelListRequests).toBe(1);
  });

  it('maps a model list the key may not read to an auth error', async () => {
    await fake.restart({ apiKey: 'the-right-key' });
    const provider = sdk.create(fake.server, fake.http, { apiKey: 'wrong' });

    const error = await providerFailure(provider.listModels?.() ?? Promise.resolve());

    expect(error.kind).toBe('auth');
  });

  it('maps a refused connection to a retryable network error', async () => {
    const gone = await startFakeServer();
    const url = gone.url;
    await gone.close();
    const provider = sdk.create(fake.server, fake.http, { baseUrl: url });

    const error = await providerFailure(provider.complete(request()));

    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('reuses pooled connections across requests', async () => {
    const provider = sdk.create(fake.server, fake.http);

    for (let i = 0; i < 40; i++) await provider.complete(request());

    expect(fake.server.stats.totalRequests).toBe(40);
    // undici may open a second socket while the first finishes its previous answer; never one per request.
    expect(fake.server.stats.connections).toBeLessThanOrEqual(2);
  });
});
