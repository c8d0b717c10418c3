/**
 * Measures the client-side CPU cost of one provider call: N requests at concurrency C through a
 * real provider (real SDK, pooled fetch) to the fake server running in a child process, so only
 * the client's CPU is counted. Usage (from the repo root):
 *
 *   npx esbuild test/fake-server/measure-provider-cpu.ts --bundle --platform=node --format=cjs \
 *     --external:esbuild --outfile=node_modules/.cache/refinery/measure-cpu.cjs && node node_modules/.cache/refinery/measure-cpu.cjs groq 3000 128 [stream] [fetch]
 *
 * `groq` / `cerebras` / `openai` picks the SDK; `stream` reads SSE; `fetch` uses undici's fetch
 * engine instead of the default `dispatch` one.
 * Prints one JSON line: CPU µs per request (user+system), wall time and requests per second.
 */
import { createCerebrasProvider } from '../../src/core/providers/cerebras';
import { createGroqProvider } from '../../src/core/providers/groq';
import { createPooledHttp } from '../../src/core/providers/http';
import { createOpenAICompatibleProvider } from '../../src/core/providers/openai-compatible';
import type { Provider } from '../../src/core/providers/types';
import { spawnFakeServer } from './spawn';

async function runBatch(provider: Provider, count: number, concurrency: number, offset: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = offset + next++;
      await provider.complete({
        model: 'llama-3.1-8b-instant',
        messages: [
          { role: 'system', content: 'You triage support tickets. Answer with one label.' },
          { role: 'user', content: `ticket ${index}: my invoice is wrong, please fix it` },
        ],
        maxOutputTokens: 64,
        timeoutMs: 30_000,
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function main(): Promise<void> {
  const [kind = 'groq', countText = '3000', concurrencyText = '128', ...flags] = process.argv.slice(2);
  const count = Number(countText);
  const concurrency = Number(concurrencyText);
  const stream = flags.includes('stream');
  const engine = flags.includes('fetch') ? 'fetch' : 'dispatch';
  const server = await spawnFakeServer({ latencyMs: 1 });
  const http = createPooledHttp({ engine });
  const provider =
    kind === 'cerebras'
      ? createCerebrasProvider({ apiKey: 'k', baseUrl: server.url, http, stream })
      : kind === 'openai'
        ? createOpenAICompatibleProvider({ endpoint: { id: 'local', baseUrl: `${server.url}/v1` }, http, stream })
        : createGroqProvider({ apiKey: 'k', baseUrl: server.url, http, stream });
  try {
    await runBatch(provider, Math.min(1000, count), concurrency, 0); // warm-up: JIT and sockets
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await runBatch(provider, count, concurrency, 1_000_000);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const stats = await server.stats();
    process.stdout.write(
      `${JSON.stringify({
        provider: kind,
        engine,
        stream,
        requests: count,
        concurrency,
        cpuUsPerRequest: Math.round(((cpu.user + cpu.system) / count) * 10) / 10,
        userUsPerRequest: Math.round((cpu.user / count) * 10) / 10,
        wallMs: Math.round(wallMs),
        requestsPerSecond: Math.round((count / wallMs) * 1000),
        serverMaxInFlight: stats.maxInFlight,
        serverConnections: stats.connections,
        maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      })}\n`,
    );
  } finally {
    await http.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
