import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/core/run';
import { PromptSyncEngine } from '../../../src/extension/sync/engine';
import { SyncState } from '../../../src/extension/sync/sync-state';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import { SupabaseStoreError } from '../../../src/store/supabase/errors';
import type { Store } from '../../../src/core/ports/store';
import { FakeFiles, FakeMemento, ManualTimer, ScriptedPrompter, switchableStore } from './fakes';

// One real local store (PGlite) for the file, standing in for the remote; each test works
// under its own folder so the tests do not see each other's rows.
let root: string;
let local: LocalStore;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-sync-'));
  local = await openLocalStore({ dataDir: path.join(root, 'home') });
});

afterAll(async () => {
  await local.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const PROMPT = (text: string) => `---\nmodel: groq/llama-3.1-8b-instant\n---\n${text}\n`;
const GRADER = `---\nrefinery.kind: grader\n---\nIs {{output}} {{expected}}?\n`;

let folder = 0;
let dir: string;
let files: FakeFiles;
let memento: FakeMemento;
let prompter: ScriptedPrompter;
let timer: ManualTimer;
let connection: ReturnType<typeof switchableStore>;
let engine: PromptSyncEngine;
const warnings: string[] = [];

function newEngine(store: Store = connection.store): PromptSyncEngine {
  return new PromptSyncEngine({
    files,
    getStore: () => Promise.resolve(store),
    state: new SyncState(memento),
    prompter,
    log: { info: () => undefined, warn: (message) => warnings.push(message) },
    timer,
    random: () => 0.5,
  });
}

beforeEach(() => {
  folder += 1;
  dir = `case${folder}`;
  files = new FakeFiles();
  memento = new FakeMemento();
  prompter = new ScriptedPrompter();
  timer = new ManualTimer();
  connection = switchableStore(local);
  engine = newEngine();
});

async function rowAt(p: string) {
  return (await local.listPrompts()).find((row) => row.path === p);
}

describe('PromptSyncEngine over a real local store', () => {
  it('pushes a new file with its type from the frontmatter, and the hash becomes the base', async () => {
    files.files.set(`${dir}/triage.prompt`, PROMPT('Triage {{ticket}}'));
    files.files.set(`${dir}/graders/label.prompt`, GRADER);
    const report = await engine.syncAll('command');
    expect(report.pushed).toEqual([`${dir}/graders/label.prompt`, `${dir}/triage.prompt`]);
    const prompt = await rowAt(`${dir}/triage.prompt`);
    expect(prompt).toMatchObject({ name: 'triage', type: 'prompt', body: PROMPT('Triage {{ticket}}'), contentHash: contentHash(PROMPT('Triage {{ticket}}')) });
    expect((await rowAt(`${dir}/graders/label.prompt`))?.type).toBe('grader');
    expect(new SyncState(memento).bases().get(`${dir}/triage.prompt`)).toBe(contentHash(PROMPT('Triage {{ticket}}')));
    expect((await engine.syncAll('command')).pushed).toEqual([]);
  });

  it('edit a file → the row is updated (push on save)', async () => {
    const p = `${dir}/a.prompt`;
    files.files.set(p, PROMPT('v1'));
    await engine.syncAll('command');
    files.files.set(p, PROMPT('v2'));
    const report = await engine.syncPaths([p], 'save');
    expect(report.pushed).toEqual([p]);
    expect((await rowAt(p))?.body).toBe(PROMPT('v2'));
  });

  it('change the row → the file is updated (pull)', async () => {
    const p = `${dir}/a.prompt`;
    files.files.set(p, PROMPT('v1'));
    await engine.syncAll('command');
    await local.upsertPrompt({ name: 'a', type: 'prompt', body: PROMPT('from a teammate'), path: p, contentHash: contentHash(PROMPT('from a teammate')) });
    const report = await engine.syncAll('focus');
    expect(report.pulled).toEqual([p]);
    expect(files.files.get(p)).toBe(PROMPT('from a teammate'));
  });

  it('a row this workspace has never seen is written as a file', async () => {
    const p = `${dir}/deep/new.prompt`;
    await local.upsertPrompt({ name: 'new', type: 'prompt', body: PROMPT('new'), path: p, contentHash: contentHash(PROMPT('new')) });
    expect((await engine.syncAll('sign-in')).pulled).toContain(p);
    expect(files.files.get(p)).toBe(PROMPT('new'));
  });

  it('both changed → conflict offered; "keep both" keeps mine in the file and theirs beside it, the row untouched', async () => {
    const p = `${dir}/a.prompt`;
    files.files.set(p, PROMPT('v1'));
    await engine.syncAll('command');
    files.files.set(p, PROMPT('mine'));
    await local.upsertPrompt({ name: 'a', type: 'prompt', body: PROMPT('theirs'), path: p, contentHash: contentHash(PROMPT('theirs')) });
    prompter.conflictChoice = 'both';

    const report = await engine.syncAll('command');

    expect(prompter.conflicts).toEqual([expect.objectContaining({ path: p, localText: PROMPT('mine'), remoteText: PROMPT('theirs'), firstSync: false })]);
    expect(report.keptBoth).toEqual([p]);
    expect(files.files.get(p)).toBe(PROMPT('mine'));
    expect(files.files.get(`${dir}/a.remote.prompt`)).toBe(PROMPT('theirs'));
    expect((await rowAt(p))?.body).toBe(PROMPT('theirs'));
    expect(await rowAt(`${dir}/a.remote.prompt`)).toBeUndefined();
    // Once kept both, mine is the one change left: the next sync pushes it.
    expect((await engine.syncAll('command')).pushed).toEqual([p]);
  });

  it('a conflict left unanswered changes nothing and is asked again', async () => {
    const p = `${dir}/a.prompt`;
    files.files.set(p, PROMPT('mine'));
    await local.upsertPrompt({ name: 'a', type: 'prompt', body: PROMPT('theirs'), path: p, contentHash: contentHash(PROMPT('theirs')) });
    const report = await engine.syncAll('focus');
    expect(prompter.conflicts[0]?.firstSync).toBe(true);
    expect(report.unresolved).toEqual([p]);
    expect(files.files.get(p)).toBe(PROMPT('mine'));
    expect((await rowAt(p))?.body).toBe(PROMPT('theirs'));
    await engine.syncAll('focus');
    expect(prompter.conflicts).toHaveLength(2);
  });

  it('"keep mine" pushes, "keep theirs" pulls', async () => {
    const mine = `${dir}/mine.prompt`;
    const theirs = `${dir}/theirs.prompt`;
    for (const p of [mine, theirs]) {
      files.files.set(p, PROMPT('local'));
      await local.upsertPrompt({ name: 'x', type: 'prompt', body: PROMPT('remote'), path: p, contentHash: contentHash(PROMPT('remote')) });
    }
    prompter.conflictChoice = 'mine';
    await engine.syncPaths([mine], 'command');
    prompter.conflictChoice = 'theirs';
    await engine.syncPaths([theirs], 'command');
    expect((await rowAt(mine))?.body).toBe(PROMPT('local'));
    expect(files.files.get(theirs)).toBe(PROMPT('remote'));
  });

  it('a deleted file never deletes the row without asking; "restore" writes it back, "delete" deletes the row', async () => {
    const p = `${dir}/a.prompt`;
    files.files.set(p, PROMPT('v1'));
    await engine.syncAll('command');
    files.files.delete(p);

    expect((await engine.syncAll('focus')).unresolved).toEqual([p]);
    expect(prompter.localDeletions).toEqual([{ path: p, remoteChanged: false, trigger: 'focus' }]);
    expect(await rowAt(p)).toBeDefined();

    prompter.localDeletionAnswer = 'restore';
    await engine.syncAll('command');
    expect(files.files.get(p)).toBe(PROMPT('v1'));

    files.files.delete(p);
    prompter.localDeletionAnswer = 'delete-remote';
    expect((await engine.syncAll('command')).deletedRows).toEqual([p]);
    expect(await rowAt(p)).toBeUndefined();
    expect(new SyncState(memento).bases().has(p)).toBe(false);
  });

  it('a deleted row never deletes the file without asking', async () => {
    const p = `${dir}/a.prompt`;
    files.files.set(p, PROMPT('v1'));
    await engine.syncAll('command');
    const row = await rowAt(p);
    await local.deletePrompt(row?.id ?? '');

    expect((await engine.syncAll('focus')).unresolved).toEqual([p]);
    expect(files.files.has(p)).toBe(true);
    prompter.remoteDeletionAnswer = 'delete-local';
    expect((await engine.syncAll('command')).deletedFiles).toEqual([p]);
    expect(files.files.has(p)).toBe(false);
  });

  it('offline → the save is queued (persisted), the status says so, and the retry flushes it', async () => {
    const p = `${dir}/a.prompt`;
    files.files.set(p, PROMPT('v1'));
    await engine.syncAll('command');
    files.files.set(p, PROMPT('written offline'));
    connection.setOffline(true);

    const report = await engine.syncPaths([p], 'save');
    expect(report.queued).toEqual([p]);
    expect(engine.status()).toMatchObject({ pending: 1, offline: true, lastError: 'fetch failed' });
    expect(timer.pending).toHaveLength(1);
    expect(warnings.at(-1)).toContain('queued');

    // The window reloads while offline: a new engine reads the queue back.
    engine.dispose();
    engine = newEngine();
    expect(engine.status().pending).toBe(1);

    // Still offline at the first retry: nothing lost, tried again later with a longer delay.
    timer.fireAll();
    await engine.flushQueue();
    expect(engine.status()).toMatchObject({ pending: 1, offline: true });
    expect((await rowAt(p))?.body).toBe(PROMPT('v1'));

    connection.setOffline(false);
    const flushed = await engine.flushQueue();
    expect(flushed.pushed).toEqual([p]);
    expect(engine.status()).toMatchObject({ pending: 0, offline: false });
    expect((await rowAt(p))?.body).toBe(PROMPT('written offline'));
  });

  it('a confirmed row deletion made offline is queued and done when back online, unless the row changed meanwhile', async () => {
    const gone = `${dir}/gone.prompt`;
    const changed = `${dir}/changed.prompt`;
    files.files.set(gone, PROMPT('g'));
    files.files.set(changed, PROMPT('c'));
    await engine.syncAll('command');
    files.files.delete(gone);
    files.files.delete(changed);
    prompter.localDeletionAnswer = 'delete-remote';

    // listPrompts works, the deletes do not.
    const failingDeletes: Store = new Proxy(local, {
      get(target, property) {
        if (property === 'deletePrompt') return () => Promise.reject(new Error('503 Service Unavailable'));
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    engine = newEngine(failingDeletes);
    await engine.syncAll('command');
    expect(engine.status().pending).toBe(2);

    await local.upsertPrompt({ name: 'changed', type: 'prompt', body: PROMPT('c2'), path: changed, contentHash: contentHash(PROMPT('c2')) });
    engine = newEngine(local);
    prompter.localDeletionAnswer = undefined;
    await engine.flushQueue();
    expect(await rowAt(gone)).toBeUndefined();
    expect((await rowAt(changed))?.body).toBe(PROMPT('c2'));
    expect(engine.status().pending).toBe(0);
    // The changed one is asked about again, now saying the row changed.
    await engine.syncAll('command');
    expect(prompter.localDeletions.at(-1)).toMatchObject({ path: changed, remoteChanged: true });
  });

  it('a retryable store error (server busy) is queued; a denial is reported, not retried', async () => {
    const p = `${dir}/a.prompt`;
    files.files.set(p, PROMPT('v1'));
    let failure: Error = new SupabaseStoreError('server', 'store prompts: 503', 'try again later', true);
    const failingUpserts: Store = new Proxy(local, {
      get(target, property) {
        if (property === 'upsertPrompt') return () => Promise.reject(failure);
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    engine = newEngine(failingUpserts);
    expect((await engine.syncPaths([p], 'save')).queued).toEqual([p]);
    expect(engine.status()).toMatchObject({ pending: 1, offline: true });

    failure = new SupabaseStoreError('denied', 'store prompts: permission denied', 'sign in again', false);
    await expect(engine.flushQueue()).rejects.toThrow('permission denied');
    expect(await rowAt(p)).toBeUndefined();
  });

  it('skips a stored row whose path would leave the workspace', async () => {
    await local.upsertPrompt({ name: 'evil', type: 'prompt', body: 'x', path: `../${dir}/evil.prompt`, contentHash: contentHash('x') });
    await engine.syncAll('command');
    expect([...files.files.keys()].some((p) => p.includes('evil'))).toBe(false);
    expect(warnings.some((w) => w.includes('evil.prompt'))).toBe(true);
  });
});
