/**
 * `dist/store-host.js`: the store host process that clients spawn (detached, no stdio). Its
 * one argument is a `HostLaunchConfig` as JSON. It logs to `store-host.log` in the store folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { hostLaunchConfig } from './launch-config';
import { startStoreHost } from './store-host';

const LOG_FILE_NAME = 'store-host.log';
/** The log is started afresh when it grows past this. */
const MAX_LOG_BYTES = 1 << 20;

/**
 * V8 compiles PGlite's WebAssembly with its baseline compiler and recompiles a function with the
 * optimising one once it has run for this "budget" (default 1,800,000). Postgres' start runs
 * enough code to send hundreds of functions to the optimising compiler, which on a 2-core machine
 * competes with the start itself: a budget 100 times larger took a host's start from about 1.0 to
 * 0.6 s (0.8 s of CPU instead of 1.2 s), and the code a long run keeps executing still gets optimised.
 * Set before PGlite compiles its module (in `startStoreHost`).
 */
const WASM_TIERING_BUDGET = 180_000_000;

async function main(): Promise<void> {
  v8.setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
  // the socket and every file the host creates are the user's alone
  process.umask(0o077);
  const config = hostLaunchConfig.parse(JSON.parse(process.argv[2] ?? ''));
  const logFile = path.join(config.dataDir, LOG_FILE_NAME);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if ((fs.statSync(logFile, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) fs.rmSync(logFile, { force: true });
  const log = (line: string): void => {
    try {
      fs.appendFileSync(logFile, `${new Date().toISOString()} [${process.pid}] ${line}\n`);
    } catch {
      // the folder is gone (a test's temp dir, a store deleted by hand): keep serving regardless
    }
  };

  const host = await startStoreHost({ ...config, log });
  if (host === 'already-hosted') {
    log('another process already hosts this store');
    return;
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void host.stop(signal));
  process.on('SIGHUP', () => undefined);
  await host.stopped;
  process.exit(0);
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  try {
    const dataDir = (JSON.parse(process.argv[2] ?? '{}') as { dataDir?: unknown }).dataDir;
    if (typeof dataDir === 'string') fs.appendFileSync(path.join(dataDir, LOG_FILE_NAME), `${new Date().toISOString()} [${process.pid}] failed: ${text}\n`);
  } catch {
    // nowhere left to report it; the client times out and says where to look
  }
  process.exit(1);
});
