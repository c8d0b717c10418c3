/**
 * Runs the fake server in a child process (as the benchmark does, so its CPU is not counted
 * against the client): bundles `main.ts` with esbuild once, starts `node` on it and waits for
 * the `{"url":…}` line. `stop()` ends the child.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { CONTROL_PREFIX, type FakeBatchStats, type FakeServerOptions, type FakeServerStatsJson, type RecordedRequest } from './fake-openai-server';
import type { RateReport } from './rate-enforcement';

export interface SpawnedFakeServer {
  url: string;
  pid: number;
  stats(): Promise<FakeServerStatsJson>;
  /** The rate limit's report (null without one). */
  rate(): Promise<RateReport | null>;
  /** The chat request bodies received, when started with `recordRequests`. */
  requests(): Promise<RecordedRequest[]>;
  /** What the batch endpoints saw. */
  batchStats(): Promise<FakeBatchStats>;
  reset(): Promise<void>;
  setOptions(partial: Partial<FakeServerOptions>): Promise<void>;
  stop(): Promise<void>;
}

let bundlePath: Promise<string> | undefined;

/** Where main.ts is: relative to the repo root, which is the cwd of vitest and the bench scripts. */
const DEFAULT_ENTRY = resolve('test/fake-server/main.ts');

/** Bundles main.ts into a temp dir (once per process) and returns the .cjs path. */
export function bundleFakeServer(entry = DEFAULT_ENTRY): Promise<string> {
  bundlePath ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-server-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, 'fake-server.cjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      logLevel: 'silent',
    });
    return outfile;
  })();
  return bundlePath;
}

export async function spawnFakeServer(options: FakeServerOptions = {}): Promise<SpawnedFakeServer> {
  const script = await bundleFakeServer();
  const child = spawn(process.execPath, [script, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`fake server exited with code ${String(code)} before starting`)));
  });
  const control = async (method: 'GET' | 'POST', action: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${url}${CONTROL_PREFIX}${action}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`fake server ${action}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    url,
    pid: child.pid ?? -1,
    stats: async () => (await control('GET', 'stats')) as FakeServerStatsJson,
    rate: async () => (await control('GET', 'rate')) as RateReport | null,
    requests: async () => (await control('GET', 'requests')) as RecordedRequest[],
    batchStats: async () => (await control('GET', 'batches')) as FakeBatchStats,
    reset: async () => {
      await control('POST', 'reset');
    },
    setOptions: async (partial) => {
      await control('POST', 'options', partial);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
