/** The fake OpenAI-compatible server itself: the shapes, limits, faults and counters other tests rely on. */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../fake-server/fake-openai-server';
import { spawnFakeServer } from '../../fake-server/spawn';

let server: FakeServer | undefined;
async function start(options: FakeServerOptions = {}): Promise<FakeServer> {
  server = await startFakeServer(options);
  return server;
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const GROQ = '/openai/v1/chat/completions';
const CEREBRAS = '/v1/chat/completions';

function chat(base: string, path: string, content: string, extra: Record<string, unknown> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }], ...extra }),
    signal,
  });
}

/**
 * The status a request gets, or 'hang' once the server has counted it as one it will never answer.
 * Read from the server's own counter, not from a timeout: under load a slow answer is not a hang.
 */
async function status(fake: FakeServer, path: string, content: string): Promise<number | 'hang'> {
  const hungBefore = fake.stats.hung;
  const abort = new AbortController();
  const answered = chat(fake.url, path, content, {}, abort.signal).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
  answered.catch(() => undefined); // aborted below when it hung
  let poll: NodeJS.Timeout | undefined;
  const hung = new Promise<'hang'>((resolve) => {
    poll = setInterval(() => {
      if (fake.stats.hung > hungBefore) resolve('hang');
    }, 5);
  });
  try {
    return await Promise.race([answered, hung]);
  } finally {
    clearInterval(poll);
    abort.abort();
  }
}

function sseEvents(text: string): string[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

describe('fake OpenAI-compatible server', () => {
  it('answers the Groq path with usage timings, cached tokens, x_groq and Groq rate-limit headers', async () => {
    const s = await start({ cachedTokens: 2 });

    const response = await chat(s.url, GROQ, 'abcdefgh');
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'echo: abcdefgh' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2, completion_tokens: 4, total_tokens: 6, prompt_tokens_details: { cached_tokens: 2 }, queue_time: 0.002 },
      x_groq: { id: expect.any(String) as unknown },
    });
    expect(body.time_info).toBeUndefined();
    expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+h)?(\d+m)?[\d.]+(ms|s)$/);
    expect(response.headers.get('x-ratelimit-limit-requests-day')).toBeNull();
  });

  it('answers the Cerebras path with time_info and Cerebras rate-limit headers', async () => {
    const s = await start();

    const response = await chat(s.url, CEREBRAS, 'abcdefgh');
    const body = (await response.json()) as { usage: Record<string, unknown>; time_info: Record<string, unknown> };

    expect(body.usage).toEqual({ prompt_tokens: 2, completion_tokens: 4, total_tokens: 6, prompt_tokens_details: { cached_tokens: 0 } });
    expect(body.time_info).toMatchObject({ queue_time: 0.002, completion_time: 0.004 });
    expect(response.headers.get('x-ratelimit-reset-tokens-minute')).toMatch(/^\d+\.\d{3}$/);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBeNull();
  });

  it('streams SSE chunks ending in [DONE], usage in the last chunk per flavour', async () => {
    const s = await start();

    const groq = sseEvents(await (await chat(s.url, GROQ, 'stream me', { stream: true })).text());
    const cerebras = sseEvents(await (await chat(s.url, CEREBRAS, 'stream me', { stream: true })).text());

    for (const events of [groq, cerebras]) {
      expect(events.at(-1)).toBe('[DONE]');
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as { choices: { delta: { content?: string } }[] });
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('echo: stream me');
    }
    const groqLast = JSON.parse(groq.at(-2) ?? '{}') as Record<string, unknown>;
    expect(groqLast).toMatchObject({ x_groq: { usage: { prompt_tokens: 3, completion_tokens: 4 } } });
    expect(groqLast.usage).toBeUndefined();
    const cerebrasLast = JSON.parse(cerebras.at(-2) ?? '{}') as Record<string, unknown>;
    expect(cerebrasLast).toMatchObject({ usage: { prompt_tokens: 3 }, time_info: { queue_time: 0.002 } });
  });

  it('limits requests with a continuously refilling token bucket', async () => {
    // 60/min = 1/s (slow enough that three requests never see a refill), capacity 2; headers as OpenAI states them.
    const s = await start({ rateLimit: { requestsPerMinute: 60, burst: 2, headers: 'openai' } });

    const first = await chat(s.url, GROQ, 'a');
    const second = await chat(s.url, GROQ, 'b');
    const third = await chat(s.url, GROQ, 'c');

    expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('60');
    // What is left of a whole minute, whatever the enforced bucket holds.
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('59');
    expect(third.headers.get('retry-after')).toBe('1');
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
    expect(s.rateReport()?.buckets).toEqual([expect.objectContaining({ key: 'm', accepted: 2, rejected: 1 })]);
  });

  it("states Groq's daily request count on its path by default, and Cerebras' suffixed names on its own", async () => {
    const s = await start({ rateLimit: { requestsPerMinute: 600, tokensPerMinute: 6000, requestsPerDay: 14400 } });

    const groq = await chat(s.url, GROQ, 'a');
    const cerebras = await chat(s.url, CEREBRAS, 'b');

    expect(groq.headers.get('x-ratelimit-limit-requests')).toBe('14400');
    expect(groq.headers.get('x-ratelimit-remaining-requests')).toBe('14399');
    expect(groq.headers.get('x-ratelimit-limit-tokens')).toBe('6000');
    expect(cerebras.headers.get('x-ratelimit-limit-requests-day')).toBe('14400');
    expect(cerebras.headers.get('x-ratelimit-remaining-requests-day')).toBe('14398'); // the same model's daily count
    expect(cerebras.headers.get('x-ratelimit-limit-tokens-minute')).toBe('6000');
    expect(cerebras.headers.get('x-ratelimit-limit-requests')).toBeNull();
  });

  it('answers 413 when one request needs more tokens than the bucket can ever hold', async () => {
    const s = await start({ rateLimit: { tokensPerMinute: 6000, burstSeconds: 1, errorBody: 'groq' } });
    const response = await chat(s.url, CEREBRAS, 'abcd', { max_completion_tokens: 200 });
    expect(response.status).toBe(413);
    const { message } = ((await response.json()) as { error: { message: string } }).error;
    expect(message).toContain('Request too large for model `m` in organization');
    expect(message).toContain('Limit 100, Requested 201');
  });

  it('limits tokens per minute, counting prompt plus the requested output cap', async () => {
    const s = await start({ rateLimit: { requestsPerMinute: 1000, tokensPerMinute: 100, headers: 'cerebras' } });

    const fits = await chat(s.url, CEREBRAS, 'abcd', { max_completion_tokens: 60 });
    const over = await chat(s.url, CEREBRAS, 'abcd', { max_completion_tokens: 60 });

    expect(fits.status).toBe(200);
    expect(fits.headers.get('x-ratelimit-remaining-tokens-minute')).toBe('39');
    expect(over.status).toBe(429);
    // Cerebras' own shape: the error at the top level, naming the limit, with no figures.
    expect(await over.json()).toMatchObject({ message: 'Tokens per minute limit exceeded - too many tokens processed.', type: 'too_many_requests_error' });
  });

  it('draws random faults from a seeded PRNG, reproducibly', async () => {
    const run = async (seed: number): Promise<(number | 'hang')[]> => {
      const s = await startFakeServer({ failureRate: 0.3, hangRate: 0.2, seed });
      const statuses: (number | 'hang')[] = [];
      for (let i = 0; i < 12; i++) statuses.push(await status(s, GROQ, `row ${i}`));
      await s.close();
      return statuses;
    };

    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain('hang');
    expect(first).toContain(200);
  });

  it('plays scripted faults per cell key in order, then answers', async () => {
    const s = await start({ faultsPerKey: { 'row 1': ['500', '429', 'hang'] }, scriptedRetryAfterSeconds: 0 });

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await status(s, GROQ, 'row 1'));
    const other = await status(s, GROQ, 'row 2');

    expect(statuses).toEqual([500, 429, 'hang', 200]);
    expect(other).toBe(200);
    expect(s.stats.perKey.get('row 1')).toEqual({ received: 4, ok: 1 });
    expect(s.stats.perKey.get('row 2')).toEqual({ received: 1, ok: 1 });
    expect(s.stats.byStatus).toEqual({ 200: 2, 429: 1, 500: 1 });
    expect(s.stats.hung).toBe(1);
  });

  it('stalls a scripted answer after its headers and part of its body', async () => {
    const s = await start({ faultsPerKey: { cell: ['stall'] } });

    const response = await chat(s.url, GROQ, 'cell', {}, AbortSignal.timeout(150));
    const body = await response.text().then(
      () => 'finished',
      () => 'stalled',
    );

    expect(response.status).toBe(200);
    expect(body).toBe('stalled');
    expect(s.stats.stalled).toBe(1);
    expect(s.stats.perKey.get('cell')).toEqual({ received: 1, ok: 0 });
  });

  it('counts the most requests in flight at once', async () => {
    const s = await start({ latencyMs: 50 });

    await Promise.all(Array.from({ length: 6 }, (_, i) => chat(s.url, GROQ, `cell ${i}`).then((r) => r.text())));

    expect(s.stats.maxInFlight).toBe(6);
    expect(s.stats.inFlight).toBe(0);
    expect(s.stats.totalRequests).toBe(6);
  });

  it('takes the answer and per-request latency from callbacks', async () => {
    const s = await start({ respond: (body) => `{"pass":true,"model":"${body.model}"}`, latencyMs: (request) => (request.key === 'slow' ? 80 : 0) });
    const started = performance.now();

    const body = (await (await chat(s.url, GROQ, 'slow')).json()) as { choices: { message: { content: string } }[] };

    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(body.choices[0]?.message.content).toBe('{"pass":true,"model":"m"}');
  });

  it('rejects what the real APIs reject: bad JSON, unknown routes, and Groq-unsupported fields', async () => {
    const s = await start();

    const badJson = await fetch(`${s.url}${GROQ}`, { method: 'POST', body: '{' });
    const unknown = await fetch(`${s.url}/v2/anything`);
    const logprobs = await chat(s.url, GROQ, 'x', { logprobs: true });
    const cerebrasLogprobs = await chat(s.url, CEREBRAS, 'x', { logprobs: true });

    expect(badJson.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(logprobs.status).toBe(400);
    expect(((await logprobs.json()) as { error: { message: string } }).error.message).toContain("'logprobs' is not supported");
    expect(cerebrasLogprobs.status).toBe(200);
  });

  it('lists models on both paths', async () => {
    const s = await start({ models: ['a', 'b/c'] });

    for (const path of ['/v1/models', '/openai/v1/models']) {
      const body = (await (await fetch(`${s.url}${path}`)).json()) as { data: { id: string }[] };
      expect(body.data.map((model) => model.id)).toEqual(['a', 'b/c']);
    }
  });

  it('closes even with hung requests open, failing them instead of leaking', async () => {
    const s = await start({ hangRate: 1 });
    const pending = chat(s.url, GROQ, 'never answered').then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 30));

    await s.close();
    server = undefined;

    expect(await pending).toBe('failed');
  });

  it('resets its counters, buckets and scripts in place', async () => {
    const s = await start({ rateLimit: { requestsPerMinute: 60, burst: 1 } });
    const stats = s.stats;
    await chat(s.url, GROQ, 'a');
    expect((await chat(s.url, GROQ, 'a')).status).toBe(429);

    s.reset();

    expect(stats.totalRequests).toBe(0);
    expect(stats.perKey.size).toBe(0);
    expect((await chat(s.url, GROQ, 'a')).status).toBe(200);
  });

  it('runs in a child process from JSON options, steerable over HTTP', async () => {
    const child = await spawnFakeServer({ failureRate: 1 });
    try {
      expect((await chat(child.url, GROQ, 'x')).status).toBe(500);
      await child.setOptions({ failureRate: 0 });
      expect((await chat(child.url, GROQ, 'x')).status).toBe(200);

      const stats = await child.stats();
      expect(stats.byStatus).toEqual({ 200: 1, 500: 1 });
      expect(stats.perKey).toEqual({ x: { received: 2, ok: 1 } });

      await child.reset();
      expect((await child.stats()).totalRequests).toBe(0);
    } finally {
      await child.stop();
    }
  });
});
