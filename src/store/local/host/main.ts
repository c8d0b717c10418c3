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
 * V8 compiles PGlite's WebAssembly with its baseline compiler (Liftoff) and recompiles hot
 * functions with its optimising one. The optimised code, and the compiler's memory kept by the
 * allocator, held about 50 MB of the host's resident memory for its life (bench: host peak 217–241
 * MB with tiering, 157–169 MB without), while the host's CPU for 15,000 cells came out the same or
 * lower without it: the recompilation costs about what it saves in a run. So the host keeps
 * Liftoff's code (as bin/refinery.js does for the CLI). Set before PGlite compiles its module.
 */
const WASM_FLAGS = '--liftoff-only';

async function main(): Promise<void> {
  v8.setFlagsFromString(WASM_FLAGS);
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
