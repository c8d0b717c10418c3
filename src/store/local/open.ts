import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../core/errors';
import { isAlive, liveLockHolder } from '../lock';
import { ensureHost, type HostLauncher } from './client/ensure-host';
import { connectWire, WireDatabase } from './client/wire-database';
import type { SchemaOptions } from './embedded';
import { HOST_PROTOCOL, readHostInfo } from './host/host-info';
import { DEFAULT_HOST_IDLE_MS, type HostLaunchConfig } from './host/launch-config';
import { LocalStore } from './local-store';
import { listMigrations } from './migrate';
import { defaultLocalDataDir, findSchemaFiles, pgDataDir } from './paths';

export interface LocalStoreOptions extends SchemaOptions {
  /** Holds `pgdata/`, `store.lock` and the host's socket. Default: see `defaultLocalDataDir`. */
  dataDir?: string;
  /**
   * `true`: PGlite in this process, holding the folder's lock (`store.locked` for anyone else),
   * as before the store host existed. Default `false`: a client of the folder's store host,
   * started on demand, shared with every other window and CLI run.
   */
  embedded?: boolean;
  /** The host this client starts exits after this long without clients (default 10 min). */
  hostIdleMs?: number;
  /** Default: `store-host.js` beside this bundle (or `dist/store-host.js` above the sources). */
  hostScript?: string;
  /** How long to wait for a host to serve: default 30 s, 180 s for a store not created yet. */
  hostTimeoutMs?: number;
}

/**
 * Opens (creating on first use) the local store. By default this connects to the store host of
 * the folder, starting one if none runs: the host applies the shim and any new migration and
 * serves the session as the local user. A host older than this client (a migration missing) is
 * asked to stop, and a new one takes over.
 */
export async function openLocalStore(options: LocalStoreOptions = {}): Promise<LocalStore> {
  const dataDir = path.resolve(options.dataDir ?? defaultLocalDataDir());
  if (options.embedded === true) {
    // loaded only here: a client never loads PGlite (a third of a short CLI run's start-up)
    const { openEmbeddedDatabase } = await import('./embedded');
    const embedded = await openEmbeddedDatabase(dataDir, options);
    return new LocalStore(embedded.db, () => embedded.close(), dataDir);
  }
  const schemaFiles = findSchemaFiles({ migrationsDir: options.migrationsDir, shimFile: options.shimFile });
  const seed = options.seed instanceof Blob ? undefined : options.seed;
  const config: HostLaunchConfig = {
    dataDir,
    migrationsDir: schemaFiles.migrationsDir,
    shimFile: schemaFiles.shimFile,
    ...(seed === undefined ? {} : { seed }),
    idleMs: options.hostIdleMs ?? idleFromEnv() ?? DEFAULT_HOST_IDLE_MS,
  };
  const isNew = !fs.existsSync(path.join(pgDataDir(dataDir), 'PG_VERSION'));
  const launcher: HostLauncher = {
    config,
    hostScript: options.hostScript ?? defaultHostScript(),
    timeoutMs: options.hostTimeoutMs ?? (isNew ? 180_000 : 30_000),
  };
  let endpoint = await ensureHost(launcher);
  const needed = listMigrations(schemaFiles.migrationsDir).map((m) => m.version);
  if (!servesSchema(dataDir, needed)) {
    await stopLocalStoreHost(dataDir);
    endpoint = await ensureHost(launcher);
    if (!servesSchema(dataDir, needed)) throw olderHost(dataDir);
  }
  const sql = connectWire(endpoint);
  const db = new WireDatabase(sql, async () => void (await ensureHost({ ...launcher, timeoutMs: 30_000 })));
  return new LocalStore(db, () => db.end(), dataDir);
}

/** `REFINERY_STORE_IDLE_MS`: for tests and benchmarks that start many short-lived hosts. */
function idleFromEnv(): number | undefined {
  const value = Number(process.env.REFINERY_STORE_IDLE_MS);
  return Number.isInteger(value) && value >= 0 && process.env.REFINERY_STORE_IDLE_MS !== '' ? value : undefined;
}

function servesSchema(dataDir: string, needed: readonly string[]): boolean {
  const info = readHostInfo(dataDir);
  if (info === undefined) return true;
  const applied = new Set(info.migrations);
  return info.protocol === HOST_PROTOCOL && needed.every((version) => applied.has(version));
}

/**
 * Asks the folder's store host to stop (it lets a transaction in progress finish, then closes
 * the database and frees the lock) and waits until it has. Clients still connected start a new
 * one on their next query.
 */
export async function stopLocalStoreHost(dataDir: string): Promise<void> {
  const folder = path.resolve(dataDir);
  const info = readHostInfo(folder);
  const holder = liveLockHolder(folder);
  if (info === undefined || holder?.pid !== info.pid) return;
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (isAlive(info.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

function olderHost(dataDir: string): UserError {
  const info = readHostInfo(dataDir);
  return new UserError(
    'store.locked',
    `the local store at ${dataDir} is served by an older Refinery (PID ${info?.pid ?? '?'}) that did not hand it over`,
    { file: path.join(dataDir, 'store-host.json') },
    'close the other Refinery windows and CLI runs (or reload them to update), then try again',
  );
}

/** Beside the bundle (`dist/`), or, from the sources (tests), in the `dist/` the build writes. */
export function defaultHostScript(startDir: string = __dirname): string {
  const besideBundle = path.join(startDir, 'store-host.js');
  if (fs.existsSync(besideBundle)) return besideBundle;
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'store-host.js');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return besideBundle;
  }
}
