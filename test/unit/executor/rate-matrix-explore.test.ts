import { afterEach, it, vi } from 'vitest';
import { RATE_SCENARIOS } from '../../fake-server/rate-scenarios';
import { useVirtualTime } from './fakes';
import { runMatrixScenario } from './rate-matrix-run';

afterEach(() => vi.useRealTimers());

it('explore', async () => {
  const only = process.env.SCEN;
  for (const scenario of RATE_SCENARIOS) {
    if (only && !only.split(',').includes(scenario.name)) continue;
    useVirtualTime();
    const t = performance.now();
    const r = await runMatrixScenario(scenario, { rows: Number(process.env.ROWS ?? 1000), models: 3, concurrency: 128, requestsPerMinute: Number(process.env.RPM ?? 600), latencyMs: 50 });
    vi.useRealTimers();
    console.log(`${scenario.name.padEnd(28)} ratio ${r.ratio.toFixed(3)} 429 ${(r.share429 * 100).toFixed(2)}% (${r.rejected429}/${r.requests}) failed ${r.failed} completed ${r.completed} bound ${(r.boundMs / 1000).toFixed(1)}s  cpu ${(performance.now() - t).toFixed(0)}ms`);
  }
}, 600_000);
