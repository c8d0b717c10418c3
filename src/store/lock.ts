/**
 * An inter-process lock on a local store's data directory. PGlite is a single-process
 * database with no lock of its own: two VS Code windows, or a window and a CLI run, opening
 * the same directory would corrupt it. The lock is a file created exclusively and holding its
 * owner's pid; a lock whose process is gone (crash, kill -9) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../core/errors';

export const LOCK_FILE_NAME = 'store.lock';

const lockContent = z.object({ pid: z.number().int().positive(), startedAt: z.string() });
type LockContent = z.infer<typeof lockContent>;

export interface StoreLock {
  readonly file: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** Takes the lock on `dataDir` (which must exist) or throws `store.locked`. */
export function acquireStoreLock(dataDir: string): StoreLock {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const mine: LockContent = { pid: process.pid, startedAt: new Date().toISOString() };
  const text = JSON.stringify(mine);

  // Two attempts: the second only after removing a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(file, text)) return holdLock(file, text);
    const holder = readHolder(file);
    if (holder === 'gone') continue;
    if (holder !== 'unreadable' && isAlive(holder.pid)) {
      throw new UserError(
        'store.locked',
        `the local store at ${dataDir} is in use by PID ${holder.pid} (since ${holder.startedAt})`,
        { file },
        'close the other Refinery window or CLI run, or delete the lock if that process is gone',
      );
    }
    removeStale(file, holder);
  }
  throw new UserError(
    'store.locked',
    `the local store at ${dataDir} is being opened by another process`,
    { file },
    'try again in a moment; if it keeps failing, delete the lock file',
  );
}

/** Creates the file with its content in one step: nobody ever sees an empty lock. */
function tryCreate(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, text, { flag: 'wx' });
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** The process holding the store's lock, if that process is alive. */
export function liveLockHolder(dataDir: string): LockContent | undefined {
  const holder = readHolder(path.join(dataDir, LOCK_FILE_NAME));
  return typeof holder === 'object' && isAlive(holder.pid) ? holder : undefined;
}

function readHolder(file: string): LockContent | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'gone';
    throw error;
  }
  try {
    const parsed = lockContent.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isErrno(error, 'EPERM');
  }
  return !isZombie(pid);
}

/**
 * A killed process stays in the process table until its parent reaps it. A detached store host
 * is reparented to init, which may take a second or more to reap (measured 1.0–1.5 s in a
 * container); until then `kill(pid, 0)` succeeds. Linux tells a dead one by its state.
 */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) S ...": the command may hold spaces and parentheses, the state follows the last ')'
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock, unless another process has just replaced it: the file is first
 * renamed away (atomic), then checked to be the very lock judged stale, and put back if not.
 */
function removeStale(file: string, judged: LockContent | 'unreadable'): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const moved = readHolder(aside);
  const sameLock =
    moved === judged ||
    (typeof moved === 'object' && typeof judged === 'object' && moved.pid === judged.pid && moved.startedAt === judged.startedAt);
  if (!sameLock) {
    try {
      fs.linkSync(aside, file);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
  }
  fs.rmSync(aside, { force: true });
}

function holdLock(file: string, text: string): StoreLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener('exit', releaseOnExit);
    try {
      if (fs.readFileSync(file, 'utf8') === text) fs.rmSync(file, { force: true });
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  };
  // A process that exits without close() leaves no lock behind (a killed one leaves a stale one).
  const releaseOnExit = (): void => {
    try {
      release();
    } catch {
      // exiting anyway; a lock left behind is stale and will be taken over
    }
  };
  process.on('exit', releaseOnExit);
  return { file, release };
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
