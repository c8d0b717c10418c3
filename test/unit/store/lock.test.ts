import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../../src/core/errors';
import { acquireStoreLock, LOCK_FILE_NAME, type StoreLock } from '../../../src/store/lock';

// The second process runs the real lock code: the fixture is bundled to plain JS for node.
let workDir: string;
let holderScript: string;
let dataDir: string;
const children: ChildProcess[] = [];
const locks: StoreLock[] = [];

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-lock-'));
  holderScript = path.join(workDir, 'lock-holder.cjs');
  await build({
    entryPoints: [path.join(__dirname, 'fixtures', 'lock-holder.ts')],
    outfile: holderScript,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
  });
});

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(workDir, 'store-'));
});

afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

interface Holder {
  child: ChildProcess;
  /** The first line the child printed. */
  firstLine: Promise<string>;
  exited: Promise<number | null>;
}

function startHolder(mode: 'hold' | 'exit'): Holder {
  const child = spawn(process.execPath, [holderScript, dataDir, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', () => reject(new Error('lock holder exited without output')));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, firstLine, exited };
}

function take(): StoreLock {
  const lock = acquireStoreLock(dataDir);
  locks.push(lock);
  return lock;
}

function lockFile(): string {
  return path.join(dataDir, LOCK_FILE_NAME);
}

function caught(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('store lock', () => {
  it('refuses a lock held by another live process and names its PID', async () => {
    const holder = startHolder('hold');
    expect(await holder.firstLine).toBe(`locked ${holder.child.pid}`);

    const error = caught(() => acquireStoreLock(dataDir));
    expect(error.code).toBe('store.locked');
    expect(error.message).toContain(`the local store at ${dataDir} is in use by PID ${holder.child.pid}`);
    expect(error.location.file).toBe(lockFile());
    expect(error.fix).toBe('close the other Refinery window or CLI run, or delete the lock if that process is gone');
  });

  it('tells a second process which PID holds the lock', async () => {
    take();
    const second = startHolder('hold');
    const reported = JSON.parse(await second.firstLine) as { code: string; message: string };
    expect(reported.code).toBe('store.locked');
    expect(reported.message).toContain(`in use by PID ${process.pid}`);
    expect(await second.exited).toBe(3);
  });

  it('takes over the lock of a process that was killed', async () => {
    const holder = startHolder('hold');
    await holder.firstLine;
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(fs.existsSync(lockFile())).toBe(true);

    take();
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it.runIf(process.platform === 'linux')('takes over the lock of a killed process its parent has not reaped yet (a zombie)', async () => {
    // `sleep` becomes the holder's parent and never waits for it: once killed, the holder stays a
    // zombie (as a detached store host does until init reaps it), which kill(pid, 0) still finds.
    const parent = spawn('sh', ['-c', `"${process.execPath}" "${holderScript}" "${dataDir}" hold & exec sleep 60`], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(parent);
    const line = await new Promise<string>((resolve) => createInterface({ input: parent.stdout }).once('line', resolve));
    const pid = Number(/^locked (\d+)$/.exec(line)?.[1]);
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (!fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z')) {
      if (Date.now() > deadline) throw new Error(`process ${pid} did not become a zombie`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(() => process.kill(pid, 0)).not.toThrow();

    take();
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('is released when the holding process exits without closing', async () => {
    const holder = startHolder('exit');
    await holder.firstLine;
    expect(await holder.exited).toBe(0);
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it('is refused within the same process too, and free again after release', () => {
    const lock = take();
    expect(caught(() => acquireStoreLock(dataDir)).message).toContain(`in use by PID ${process.pid}`);
    lock.release();
    lock.release();
    expect(fs.existsSync(lockFile())).toBe(false);
    take();
    expect(fs.existsSync(lockFile())).toBe(true);
  });

  it('never removes a lock that is no longer its own', () => {
    const lock = take();
    const someoneElse = JSON.stringify({ pid: 1, startedAt: '2026-01-01T00:00:00.000Z' });
    fs.writeFileSync(lockFile(), someoneElse);
    lock.release();
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(someoneElse);
  });

  it('treats an unreadable lock file as stale', () => {
    fs.writeFileSync(lockFile(), 'not json');
    take();
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
  });
});
