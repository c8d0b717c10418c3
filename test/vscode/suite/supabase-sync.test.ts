import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import * as vscode from 'vscode';
import { z } from 'zod';
import { activeApi, waitFor, workspaceFile } from './harness';

/**
 * Sign in / out and prompt sync in the real VS Code against the local Supabase API that
 * scripts/vscode-host/test.sh starts (scripts/with-supabase-lite.sh).
 */
const env = z
  .object({ SUPABASE_TEST_URL: z.url(), SUPABASE_TEST_ANON_KEY: z.string().min(1) })
  .parse(process.env, { error: () => 'run the VS Code tests with scripts/vscode-host/test.sh (it starts the local Supabase API)' });

const PROVIDER_ID = 'refinery-supabase';
const email = `vscode-${randomUUID().slice(0, 8)}@refinery.test`;
const password = `pw-${randomUUID()}`;
const PROMPT = (text: string) => `---\nmodel: sim/echo\n---\n${text}\n`;
const PATH = 'synced/hello.prompt';

/** The same account outside the editor (a teammate's machine), straight through supabase-js and RLS. */
const teammate = createClient(env.SUPABASE_TEST_URL, env.SUPABASE_TEST_ANON_KEY, { auth: { persistSession: false, autoRefreshToken: false } });

const Row = z.object({ id: z.string(), path: z.string(), body: z.string(), type: z.string() });
async function remoteRow(path: string) {
  const { data, error } = await teammate.from('prompt').select('id, path, body, type').eq('path', path);
  if (error) throw new Error(error.message);
  return z.array(Row).parse(data)[0];
}

async function setting(key: string, value: unknown) {
  await vscode.workspace.getConfiguration('refinery').update(key, value, vscode.ConfigurationTarget.Global);
}

async function readWorkspaceFile(path: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(path)));
  } catch {
    return undefined;
  }
}

suite('Supabase: sign in and prompt sync (real VS Code, @supabase/lite)', () => {
  suiteSetup(async () => {
    await activeApi();
    const signUp = await teammate.auth.signUp({ email, password });
    assert.ifError(signUp.error);
    await setting('supabase.url', env.SUPABASE_TEST_URL);
    await setting('supabase.anonKey', env.SUPABASE_TEST_ANON_KEY);
    await setting('store', 'supabase');
  });

  suiteTeardown(async () => {
    await setting('store', undefined);
    await setting('supabase.url', undefined);
    await setting('supabase.anonKey', undefined);
  });

  test('Sign In with e-mail and password; the account shows in the Accounts menu', async () => {
    const result = await vscode.commands.executeCommand<{ email: string } | undefined>('refinery.signIn', { method: 'password', email, password });
    assert.equal(result?.email, email);
    // What the Accounts menu lists for the provider.
    await waitFor('the account in the Accounts menu', async () => {
      const accounts = await vscode.authentication.getAccounts(PROVIDER_ID);
      return accounts.some((account) => account.label === email) ? true : undefined;
    });
  });

  test('saving a .prompt file pushes it to the prompt table', async () => {
    const uri = workspaceFile(PATH);
    await vscode.workspace.fs.createDirectory(workspaceFile('synced'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(PROMPT('first')));
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((edit) => edit.replace(new vscode.Range(3, 0, 3, 'first'.length), 'edited in VS Code'));
    assert.ok(await editor.document.save());
    const row = await waitFor('the row of the saved file', async () => {
      const current = await remoteRow(PATH);
      return current?.body === PROMPT('edited in VS Code') ? current : undefined;
    });
    assert.equal(row.type, 'prompt');
  });

  test('a row changed elsewhere is written to the file by "Sync Prompts Now"', async () => {
    const row = await remoteRow(PATH);
    assert.ok(row, 'the row exists');
    const { error } = await teammate.from('prompt').update({ body: PROMPT('from a teammate') }).eq('id', row.id);
    assert.ifError(error);
    await vscode.commands.executeCommand('refinery.syncPrompts');
    assert.equal(await readWorkspaceFile(PATH), PROMPT('from a teammate'));
  });

  test('Sign Out removes the account from the Accounts menu, and sync stops', async () => {
    assert.equal(await vscode.commands.executeCommand('refinery.signOut'), true);
    await waitFor('no account in the Accounts menu', async () => ((await vscode.authentication.getAccounts(PROVIDER_ID)).length === 0 ? true : undefined));
    // The sync stops with the session: a saved file no longer reaches the table.
    const uri = workspaceFile(PATH);
    const editor = await vscode.window.showTextDocument(uri);
    // The previous test's sync wrote the file on disk: the open editor takes it in when VS Code's
    // file watcher reports it. A save before that would be refused as "modified since".
    await waitFor('the editor to show the synced file', () => (editor.document.getText() === PROMPT('from a teammate') ? true : undefined));
    await editor.edit((edit) => edit.insert(new vscode.Position(3, 0), 'signed out: '));
    const api = await activeApi();
    const seen = api.sync.savesSeen();
    assert.ok(await editor.document.save());
    await waitFor('the sync to see the save', () => (api.sync.savesSeen() > seen ? true : undefined));
    await api.sync.settled();
    assert.equal((await remoteRow(PATH))?.body, PROMPT('from a teammate'));
  });
});
