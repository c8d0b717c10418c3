// The editor's side of Supabase over HTTP: sign-in with the session kept in (fake)
// SecretStorage, a restart that finds it again, sign-out; and prompt sync between a workspace
// and the `prompt` table through the real SupabaseStore, including a dropped connection.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/core/run';
import { SupabaseAuth } from '../../src/extension/auth/auth-service';
import { secretStorageAdapter, type SecretStore } from '../../src/extension/auth/secret-storage-adapter';
import { FakeSecrets } from '../support/fake-secrets';
import { SupabaseStoreProvider } from '../../src/extension/auth/supabase-store-provider';
import { PromptSyncEngine } from '../../src/extension/sync/engine';
import { SyncState } from '../../src/extension/sync/sync-state';
import { createStoreClient, supabaseStoreForClient } from '../../src/store/supabase';
import type { Store } from '../../src/core/ports/store';
import { FakeFiles, FakeMemento, ManualTimer, ScriptedPrompter } from '../unit/sync/fakes';
import { anonKey, supabaseUrl } from './support/env';


/** A network that can be cut. */
let offline = false;
const switchableFetch: typeof fetch = (input, init) => (offline ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init));

/** One editor window: its SecretStorage, auth and Supabase store provider. */
function window(secrets: SecretStore) {
  const auth = new SupabaseAuth({
    readSettings: () => ({ url: supabaseUrl, anonKey }),
    storage: secretStorageAdapter(secrets),
    fetch: switchableFetch,
    log: { info: () => undefined, warn: () => undefined },
  });
  const stores = new SupabaseStoreProvider(auth, (client) => supabaseStoreForClient(client));
  return { auth, stores };
}

const email = `sync-${randomUUID().slice(0, 8)}@refinery.test`;
const password = `pw-${randomUUID()}`;
const secrets = new FakeSecrets();
/** Where supabase-js keeps the session, through the SecretStorage adapter. */
const SESSION_KEY = `refinery.supabase.auth:sb-auth:${supabaseUrl}`;
let editor: ReturnType<typeof window>;
let teammate: Store;

beforeAll(async () => {
  const { error } = await createStoreClient(supabaseUrl, anonKey).auth.signUp({ email, password });
  if (error) throw error;
  // The same account in another editor: the "teammate" changing rows.
  const other = window(new FakeSecrets());
  await other.auth.signInWithPassword(email, password);
  teammate = await other.stores.createSupabaseStoreForSession();
});

afterAll(() => {
  editor?.auth.dispose();
});

describe('auth in the editor over @supabase/lite', () => {
  it('signs in with a password; the session lives only in SecretStorage', async () => {
    editor = window(secrets);
    const account = await editor.auth.signInWithPassword(email, password);
    expect(account.email).toBe(email);
    expect([...secrets.values.keys()]).toEqual([SESSION_KEY]);
    expect(secrets.values.get(SESSION_KEY)).toContain(account.accessToken);
  });

  it('a wrong password is one clear error', async () => {
    const attempt = window(new FakeSecrets());
    await expect(attempt.auth.signInWithPassword(email, 'wrong')).rejects.toThrow(/sign in: .*invalid/i);
    attempt.auth.dispose();
  });

  it('a restart (new client, same SecretStorage) is still signed in and the store works under RLS', async () => {
    editor.auth.dispose();
    editor = window(secrets);
    const account = await editor.auth.account();
    expect(account?.email).toBe(email);
    const store = await editor.stores.createSupabaseStoreForSession();
    expect(store.kind).toBe('supabase');
    expect(await store.listPrompts()).toEqual([]);
  });
});

describe('prompt sync over @supabase/lite', () => {
  const files = new FakeFiles();
  const memento = new FakeMemento();
  const prompter = new ScriptedPrompter();
  const timer = new ManualTimer();
  let engine: PromptSyncEngine;
  const PROMPT = (text: string) => `---\nmodel: groq/llama-3.1-8b-instant\n---\n${text}\n`;
  const row = async (path: string) => (await teammate.listPrompts()).find((p) => p.path === path);

  beforeAll(async () => {
    const account = await editor.auth.account();
    engine = new PromptSyncEngine({
      files,
      getStore: () => editor.stores.createSupabaseStoreForSession(),
      state: new SyncState(memento, account?.userId),
      prompter,
      log: { info: () => undefined, warn: () => undefined },
      timer,
      random: () => 0.5,
    });
  });

  it('edit a file → the row is updated', async () => {
    files.files.set('prompts/triage.prompt', PROMPT('v1'));
    files.files.set('graders/label.prompt', '---\nrefinery.kind: grader\n---\nIs {{output}} right?\n');
    expect((await engine.syncAll('sign-in')).pushed).toEqual(['graders/label.prompt', 'prompts/triage.prompt']);
    files.files.set('prompts/triage.prompt', PROMPT('v2'));
    expect((await engine.syncPaths(['prompts/triage.prompt'], 'save')).pushed).toEqual(['prompts/triage.prompt']);
    expect(await row('prompts/triage.prompt')).toMatchObject({ body: PROMPT('v2'), type: 'prompt', name: 'triage' });
    expect((await row('graders/label.prompt'))?.type).toBe('grader');
  });

  it('change the row → the file is updated', async () => {
    await teammate.upsertPrompt({ name: 'triage', type: 'prompt', body: PROMPT('teammate'), path: 'prompts/triage.prompt', contentHash: contentHash(PROMPT('teammate')) });
    expect((await engine.syncAll('focus')).pulled).toEqual(['prompts/triage.prompt']);
    expect(files.files.get('prompts/triage.prompt')).toBe(PROMPT('teammate'));
  });

  it('both changed → conflict offered, both versions kept', async () => {
    files.files.set('prompts/triage.prompt', PROMPT('mine'));
    await teammate.upsertPrompt({ name: 'triage', type: 'prompt', body: PROMPT('theirs'), path: 'prompts/triage.prompt', contentHash: contentHash(PROMPT('theirs')) });
    prompter.conflictChoice = 'both';
    expect((await engine.syncAll('command')).keptBoth).toEqual(['prompts/triage.prompt']);
    expect(prompter.conflicts.map((c) => [c.path, c.localText, c.remoteText])).toEqual([['prompts/triage.prompt', PROMPT('mine'), PROMPT('theirs')]]);
    expect(files.files.get('prompts/triage.prompt')).toBe(PROMPT('mine'));
    expect(files.files.get('prompts/triage.remote.prompt')).toBe(PROMPT('theirs'));
    expect((await row('prompts/triage.prompt'))?.body).toBe(PROMPT('theirs'));
  });

  it('connection dropped → the save is queued and pushed once it is back', async () => {
    files.files.set('prompts/triage.prompt', PROMPT('merged offline'));
    offline = true;
    try {
      expect((await engine.syncPaths(['prompts/triage.prompt'], 'save')).queued).toEqual(['prompts/triage.prompt']);
      expect(engine.status()).toMatchObject({ pending: 1, offline: true });
      expect(timer.pending.length).toBeGreaterThan(0);
    } finally {
      offline = false;
    }
    expect((await engine.flushQueue()).pushed).toEqual(['prompts/triage.prompt']);
    expect(engine.status()).toMatchObject({ pending: 0, offline: false });
    expect((await row('prompts/triage.prompt'))?.body).toBe(PROMPT('merged offline'));
  });
});

describe('sign out over @supabase/lite', () => {
  it('removes the session from SecretStorage; the store is no longer handed out', async () => {
    await editor.auth.signOut();
    expect(secrets.values.has(SESSION_KEY)).toBe(false);
    await expect(editor.stores.createSupabaseStoreForSession()).rejects.toThrow('not signed in');
    editor.auth.dispose();
    editor = window(secrets);
    expect(await editor.auth.account()).toBeUndefined();
  });
});
