/**
 * The executor against every enforcement style of the fake server's matrix (issue #19), at the
 * issue's full size — 3,000 cells (1,000 rows × 3 models), concurrency 128, 600 requests per
 * minute per model, 50 ms answers — in virtual time: the run's time is the simulated server's
 * clock, so the bound is checked exactly and deterministically, never against a wall clock.
 * The counts are the server's own. `npm run bench -- --rate` runs the same matrix over HTTP.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RATE_SCENARIOS } from '../../fake-server/rate-scenarios';
import { useVirtualTime } from './fakes';
import { runMatrixScenario, type MatrixRunOptions } from './rate-matrix-run';

afterEach(() => {
  vi.useRealTimers();
});

const FULL: MatrixRunOptions = { rows: 1000, models: 3, concurrency: 128, requestsPerMinute: 600, latencyMs: 50 };

describe('rate-limit matrix: 3,000 cells at concurrency 128 against 600 requests/minute per model', () => {
  it.each(RATE_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s: no failed cell, ≤ 1.10 × the rate bound, few 429s', async (_name, scenario) => {
    useVirtualTime();
    const run = await runMatrixScenario(scenario, FULL);

    expect(run).toMatchObject({ completed: 3000, failed: 0, accepted: 3000 });
    expect(run.rejected429).toBeLessThanOrEqual(scenario.max429Share * run.requests);
    expect(run.elapsedMs).toBeLessThanOrEqual(1.1 * run.boundMs);
  });

  it('two runs at once on the same models share one budget per account and model (and do not fight)', async () => {
    const scenario = RATE_SCENARIOS.find((s) => s.name === 'quantized-groq');
    if (!scenario) throw new Error('scenario missing');
    useVirtualTime();
    const shared = await runMatrixScenario(scenario, { ...FULL, runs: 2 });
    vi.useRealTimers();
    useVirtualTime();
    const apart = await runMatrixScenario(scenario, { ...FULL, runs: 2, budgetsPerRun: true });

    expect(shared).toMatchObject({ completed: 3000, failed: 0, accepted: 3000 });
    expect(shared.rejected429).toBeLessThanOrEqual(0.03 * shared.requests);
    expect(shared.elapsedMs).toBeLessThanOrEqual(1.1 * shared.boundMs);
    // Learning apart, each run takes the other's share for its own limit: more 429s, slower.
    expect(apart.rejected429).toBeGreaterThan(shared.rejected429);
    expect(apart.elapsedMs).toBeGreaterThan(1.1 * apart.boundMs);
  });
});
