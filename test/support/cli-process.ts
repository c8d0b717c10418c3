// Starts the real CLI (`bin/refinery.js` → `dist/cli.js`) as a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
/** The CLI's cache folder (model lists read from the fake servers), one per test file, never the user's. */
let cacheHome: string | undefined;

/** The bundles are built once per vitest run, by its globalSetup (test/support/build-once.ts). */
export function ensureBuilt(): void {
  if (!existsSync(path.join(root, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run the tests through vitest (its globalSetup builds), or npm run build');
}

export interface CliProcess {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  exit: Promise<number | null>;
}

export function startCli(args: string[], options: { cwd: string; env: Record<string, string> }): CliProcess {
  ensureBuilt();
  const child = spawn(process.execPath, [path.join(root, 'bin/refinery.js'), ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      XDG_CACHE_HOME: (cacheHome ??= mkdtempSync(path.join(os.tmpdir(), 'refinery-cli-cache-'))),
      // the store host a CLI run starts exits soon after the test's last run (vitest.config.mts)
      ...(process.env.REFINERY_STORE_IDLE_MS ? { REFINERY_STORE_IDLE_MS: process.env.REFINERY_STORE_IDLE_MS } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), exit };
}

export async function runCli(args: string[], options: { cwd: string; env: Record<string, string> }) {
  const cli = startCli(args, options);
  const code = await cli.exit;
  return { code, ...cli.output() };
}

/** The run id a `refinery run` printed (`run <uuid>`). */
export function runIdFrom(stdout: string): string {
  const id = /run ([0-9a-f-]{36})/.exec(stdout)?.[1];
  if (!id) throw new Error(`no run id in:\n${stdout}`);
  return id;
}

/** Every cell of a run, through `refinery export RUN_ID --out <cwd>/<id>.json`. */
export async function exportCells<T>(runId: string, options: { cwd: string; env: Record<string, string> }): Promise<T[]> {
  const out = path.join(options.cwd, `${runId}.json`);
  const result = await runCli(['export', runId, '--out', out], options);
  if (result.code !== 0) throw new Error(`refinery export failed (${String(result.code)}): ${result.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as T[];
}
