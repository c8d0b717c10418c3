/**
 * Makes sure a store host serves a folder: connects if one does, else spawns one (detached; it
 * outlives this process and exits when idle) and waits for its socket. Several clients may race
 * here after a host died: each may spawn a candidate, the folder's lock lets one of them host,
 * and the others exit at once.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { UserError } from '../../../core/errors';
import { liveLockHolder } from '../../lock';
import { storeEndpoint } from '../endpoint';
import type { HostLaunchConfig } from '../host/launch-config';

export interface HostLauncher {
  config: HostLaunchConfig;
  /** `dist/store-host.js`. */
  hostScript: string;
  /** How long to wait for a host: a new store runs initdb or loads its seed first. */
  timeoutMs: number;
}

/** The environment the host needs, and nothing else (no provider keys). */
const HOST_ENV = ['PATH', 'HOME', 'USERPROFILE', 'TMPDIR', 'TEMP', 'TMP', 'XDG_RUNTIME_DIR', 'SystemRoot', 'LANG', 'LC_ALL'];

/**
 * glibc's allocator settings for the host (other allocators ignore them): V8's compiler and GC
 * threads each got an arena of their own, which kept what they freed; and after a large buffer
 * was freed glibc raised its mmap threshold, so later message buffers went to the main heap and
 * stayed there. Together about 10–25 MB of the host's peak resident memory, for no CPU.
 */
const HOST_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: String(128 * 1024) };

export async function ensureHost(launcher: HostLauncher): Promise<string> {
  const { dataDir } = launcher.config;
  const endpoint = storeEndpoint(dataDir);
  const deadline = Date.now() + launcher.timeoutMs;
  let spawned: Awaited<ReturnType<typeof spawnHost>> | undefined;
  for (let wait = 10; ; wait = Math.min(wait * 2, 100)) {
    if (await accepts(endpoint)) return endpoint;
    const holder = liveLockHolder(dataDir);
    if (holder === undefined && (spawned === undefined || spawned.exited)) spawned = await spawnHost(launcher);
    if (Date.now() > deadline) throw notServed(dataDir, holder?.pid);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function accepts(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(endpoint);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function spawnHost(launcher: HostLauncher): Promise<{ exited: boolean }> {
  if (!fs.existsSync(launcher.hostScript)) {
    throw new Error(`Refinery is incomplete: ${launcher.hostScript} is missing; reinstall it`);
  }
  // loaded only here: a client of a running host never spawns one (child_process is a few ms of a CLI run's start)
  const { spawn } = await import('node:child_process');
  const env: NodeJS.ProcessEnv = { ELECTRON_RUN_AS_NODE: '1', ...HOST_MALLOC_ENV };
  for (const name of HOST_ENV) if (process.env[name] !== undefined) env[name] = process.env[name];
  const child = spawn(process.execPath, [launcher.hostScript, JSON.stringify(launcher.config)], {
    detached: true,
    stdio: 'ignore',
    env,
    windowsHide: true,
    cwd: path.dirname(launcher.hostScript),
  });
  const state = { exited: false };
  child.once('exit', () => (state.exited = true));
  child.once('error', () => (state.exited = true));
  child.unref();
  return state;
}

function notServed(dataDir: string, holderPid: number | undefined): UserError {
  const log = path.join(dataDir, 'store-host.log');
  if (holderPid !== undefined) {
    return new UserError(
      'store.locked',
      `the local store at ${dataDir} is held by PID ${holderPid}, which does not serve it to other processes (an older Refinery version?)`,
      { file: path.join(dataDir, 'store.lock') },
      'update or close the other Refinery window or CLI run, then try again',
    );
  }
  return new UserError('store.unreachable', `the local store at ${dataDir} did not start`, { file: log }, `see ${log}`);
}
