/**
 * The store host: the one process that runs a store folder's PGlite and serves it to every
 * VS Code window and CLI run of the user over a private socket (see docs/architecture.md).
 * It holds the folder's lock for as long as it runs, and exits when no client has been
 * connected for `idleMs`, or on SIGTERM (a newer client taking over).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isUserError } from '../../../core/errors';
import { openEmbeddedDatabase, type SchemaOptions } from '../embedded';
import { isNamedPipe, storeEndpoint } from '../endpoint';
import { DEFAULT_CHECKPOINTS, startCheckpoints } from './checkpoints';
import { writeHostInfo, removeHostInfo, HOST_PROTOCOL } from './host-info';
import { createSessionMultiplexer } from './session-multiplexer';

export interface StoreHostOptions extends SchemaOptions {
  dataDir: string;
  /** Exit after this long without a client. */
  idleMs: number;
  log: (line: string) => void;
}

export interface RunningStoreHost {
  endpoint: string;
  /** Resolves when the host has stopped (idle, signal, fatal error). */
  stopped: Promise<void>;
  stop(reason: string): Promise<void>;
}

/** CPU time this process has used so far (user + system). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

/** How long a stop waits for a transaction in progress before it closes the connections. */
const DRAIN_MS = 5_000;

/** Starts hosting `dataDir`, or returns 'already-hosted' when a live process holds its lock. */
export async function startStoreHost(options: StoreHostOptions): Promise<RunningStoreHost | 'already-hosted'> {
  const dataDir = path.resolve(options.dataDir);
  const { log } = options;
  const steps: string[] = [`process start ${Math.round(performance.now())} ms`];
  let embedded;
  try {
    embedded = await openEmbeddedDatabase(dataDir, { ...options, onStep: (step, ms) => steps.push(`${step} ${Math.round(ms)} ms`) });
  } catch (error) {
    if (isUserError(error) && error.code === 'store.locked') return 'already-hosted';
    throw error;
  }
  const { db } = embedded;
  const endpoint = storeEndpoint(dataDir);
  const sockets = new Set<net.Socket>();
  let idleTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));

  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      log(`stopping: ${reason}`);
      clearTimeout(idleTimer);
      checkpoints.stop();
      server.close();
      await Promise.race([multiplexer.whenSessionFree(), new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
      // before the connections close: a client that sees its connection close without it knows the host stopped, not died
      removeHostInfo(dataDir, process.pid);
      for (const socket of sockets) socket.destroy();
      if (!isNamedPipe(endpoint)) fs.rmSync(endpoint, { force: true });
      await embedded.close();
      log('stopped');
      resolveStopped();
    })());

  const multiplexer = createSessionMultiplexer(db, (error) => {
    log(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void stop('database error');
  });

  const checkpoints = await startCheckpoints(db, multiplexer, { ...DEFAULT_CHECKPOINTS, log });

  const armIdleTimer = (): void => {
    clearTimeout(idleTimer);
    if (sockets.size > 0) return;
    idleTimer = setTimeout(() => void stop(`no client for ${options.idleMs} ms`), options.idleMs);
  };

  const server = net.createServer((socket) => {
    if (stopping) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    clearTimeout(idleTimer);
    multiplexer.attach(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      armIdleTimer();
    });
  });

  // written before the socket accepts: a client reads it as soon as it has connected
  writeHostInfo(dataDir, { pid: process.pid, protocol: HOST_PROTOCOL, migrations: embedded.migrations, endpoint, startedAt: new Date().toISOString() });
  try {
    await listen(server, endpoint);
  } catch (error) {
    checkpoints.stop();
    removeHostInfo(dataDir, process.pid);
    await embedded.close();
    throw error;
  }
  log(`serving ${dataDir} on ${endpoint} (pid ${process.pid}, ${embedded.migrations.length} migrations; ${steps.join(', ')}; serving at ${Math.round(performance.now())} ms, ${cpuMs()} ms of CPU)`);
  armIdleTimer();
  return { endpoint, stopped, stop };
}

/**
 * The lock is ours, so a socket file left at the endpoint is a crashed host's: remove it. The
 * socket is created under umask 077 (the host sets it) and chmod-ed to 0600 besides.
 */
async function listen(server: net.Server, endpoint: string): Promise<void> {
  if (!isNamedPipe(endpoint)) {
    fs.mkdirSync(path.dirname(endpoint), { recursive: true, mode: 0o700 });
    fs.rmSync(endpoint, { force: true });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path: endpoint, readableAll: false, writableAll: false }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (!isNamedPipe(endpoint)) fs.chmodSync(endpoint, 0o600);
}
