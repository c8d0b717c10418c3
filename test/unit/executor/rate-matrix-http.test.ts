/**
 * The matrix over HTTP, one scenario per client: the real SDKs (groq-sdk, Cerebras', openai)
 * through the provider registry against the fake server, rates scaled up (20 requests a second per
 * model, answers in 25 ms: the shapes of 600 a minute and 50 ms, twice as fast) and runs kept short
 * (100 rows × 3 models). It checks counts only, never time: that each provider's headers are read
 * in its dialect (Groq's daily count, Cerebras' `-tokens-minute`, OpenAI's per-minute limit, an
 * organisation's shared count), that the limit was really hit, and that 429s are retried without a
 * cell failing. The shares of 429s the issue sets (≤ 3 %, ≤ 1 %) hold at its size, 3,000 cells,
 * where the few 429s that find the limit weigh little: rate-matrix.test.ts checks them in virtual
 * time and `npm run bench -- --rate` over HTTP through the CLI. Here, 300 cells against a bucket of
 * 20, the 429s that find the limit are most of them — and as many more as the requests sent while
 * a loaded machine is slow to deliver the first 429 — so this only checks they stay well under
 * the 85 % an unlearned client drew.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_RETRIES } from '../../../src/core/run/run-limits';
import { createScheduler, RateBudgets, runCells } from '../../../src/core/executor';
import { createProviderRegistry, type ProviderRegistry } from '../../../src/core/providers';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';
import type { ErrorBodyStyle, RateEnforcement } from '../../fake-server/rate-enforcement';
import { RATE_SCENARIOS, type RateScenario } from '../../fake-server/rate-scenarios';
import { matrixCells, tokensPerRequest } from './rate-matrix-run';

const ROWS = 100;
const MODELS = 3;
const PER_MINUTE = 1_200;
const LATENCY_MS = 25;
const SCENARIOS = ['quantized-groq', 'tokens-cerebras', 'stated-rpm', 'organization', 'wait-in-body-only', 'requests-cerebras'];

let server: FakeServer | undefined;
let registry: ProviderRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  await server?.close();
  registry = undefined;
  server = undefined;
});

const PROVIDER_OF: Record<RateScenario['client'], string> = { groq: 'groq', cerebras: 'cerebras', openai: 'local' };

async function startServer(rateLimit: RateEnforcement) {
  server = await startFakeServer({ latencyMs: LATENCY_MS, rateLimit });
  const url = server.url;
  registry = createProviderRegistry({
    env: { GROQ_API_KEY: 'k', CEREBRAS_API_KEY: 'k', GROQ_BASE_URL: url, CEREBRAS_BASE_URL: url },
    endpoints: [{ id: 'local', baseUrl: `${url}/v1` }],
    http: { connectionsPerOrigin: 128 },
  });
  return { server, registry };
}

async function runOverHttp(scenario: RateScenario) {
  const { server, registry: providers } = await startServer(
    scenario.enforcement({ requestsPerMinute: PER_MINUTE, models: MODELS, requestsPerModel: ROWS, tokensPerRequest: tokensPerRequest(ROWS) }),
  );
  const scheduler = createScheduler({ resolve: (modelId) => providers.resolve(modelId), concurrency: 128, timeoutMs: 10_000, ...RUN_RETRIES, budgets: new RateBudgets() });
  const summary = await runCells(matrixCells(ROWS, MODELS, 0, 1, PROVIDER_OF[scenario.client]), { scheduler, onEvent: () => undefined });
  const report = server.rateReport();
  return { summary, stats: server.stats, accepted: report?.buckets.reduce((sum, b) => sum + b.accepted, 0) };
}

describe(`rate-limit matrix over HTTP: ${ROWS * MODELS} cells through the real SDKs, ${PER_MINUTE / 60} requests/s per model`, () => {
  it.each(RATE_SCENARIOS.filter((s) => SCENARIOS.includes(s.name)).map((s) => [s.name, s.client, s] as const))('%s (%s client)', async (_name, _client, scenario) => {
    const { summary, stats, accepted } = await runOverHttp(scenario);

    expect(summary).toEqual({ completed: ROWS * MODELS, failed: 0, cancelled: 0 });
    expect(accepted).toBe(ROWS * MODELS);
    expect(stats.byStatus[200]).toBe(ROWS * MODELS);
    const rejected = stats.byStatus[429] ?? 0;
    expect(rejected).toBeLessThan(0.5 * stats.totalRequests);
    // The limit was hit: the start is a burst that drains the bucket at once (the 60 s one, which
    // holds the whole run, answers with what is left instead and the client paces on it).
    if (scenario.name !== 'tokens-cerebras') expect(rejected).toBeGreaterThan(0);
  });
});

describe('a request too large for the tokens limit fails its cell at once, whatever the answer looks like', () => {
  it.each([
    ['groq', 'groq', 413],
    ['cerebras', 'cerebras', 413],
    ['local', 'openai', 429],
  ] as const)('%s client, %s body (%d)', async (provider, errorBody: ErrorBodyStyle, status) => {
    // A bucket of one second of 600 tokens a minute holds 10: no request of the matrix ever fits.
    const { server, registry: providers } = await startServer({ tokensPerMinute: 600, burstSeconds: 1, errorBody });
    const scheduler = createScheduler({ resolve: (modelId) => providers.resolve(modelId), concurrency: 4, timeoutMs: 10_000, ...RUN_RETRIES, budgets: new RateBudgets() });
    const [cell] = [...matrixCells(1, 1, 0, 1, provider)];
    if (!cell) throw new Error('no cell');

    await expect(scheduler.submit(cell.modelId, cell.request)).rejects.toMatchObject({ kind: 'bad_request', retryable: false, status, message: expect.stringMatching(/too large/) as unknown });
    expect(server.stats.totalRequests).toBe(1);
    expect(server.stats.byStatus[status]).toBe(1);
  });
});
