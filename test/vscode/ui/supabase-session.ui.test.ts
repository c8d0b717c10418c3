import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { createStoreClient } from '../../../src/store/supabase/client';
import { answerDialog, openWorkbench, pickOne, runCommand, sequentialSteps, reloadWindow, uiSession, waitUntil } from './harness';

/**
 * Supabase in the real workbench (the user's gestures, its real dialogs) against the local
 * Supabase API that scripts/vscode-host/test.sh starts: a sync conflict answered in the modal
 * dialog, and a stored session that survives reloading the window (and a sign-out that does too).
 */
const env = z
  .object({ SUPABASE_TEST_URL: z.url(), SUPABASE_TEST_ANON_KEY: z.string().min(1) })
  .parse(process.env, { error: () => 'run the VS Code tests with scripts/vscode-host/test.sh (it starts the local Supabase API)' });

const email = `ui-${randomUUID().slice(0, 8)}@refinery.test`;
const password = `pw-${randomUUID()}`;
const PROMPT = (text: string) => `---\nmodel: sim/echo\n---\n${text}\n`;
const PATH = 'synced/conflict.prompt';
const REMOTE_COPY = 'synced/conflict.remote.prompt';

/** The same account on a teammate's machine, straight through supabase-js and RLS (`ws` on the launcher's Node 20). */
const teammate = createStoreClient(env.SUPABASE_TEST_URL, env.SUPABASE_TEST_ANON_KEY);
const Row = z.object({ id: z.string(), body: z.string() });
async function remoteRow(path: string): Promise<z.infer<typeof Row> | undefined> {
  const { data, error } = await teammate.from('prompt').select('id, body').eq('path', path);
  if (error) throw new Error(error.message);
  return z.array(Row).parse(data)[0];
}

const workspacePath = (path: string) => join(uiSession().workspace, path);
function writeWorkspaceFile(path: string, text: string): void {
  mkdirSync(dirname(workspacePath(path)), { recursive: true });
  writeFileSync(workspacePath(path), text);
}
function readWorkspaceFile(path: string): string | undefined {
  try {
    return readFileSync(workspacePath(path), 'utf8');
  } catch {
    return undefined;
  }
}

/** Edits code-server's user settings file; the workbench picks the change up like a hand edit. */
function updateUserSettings(change: (settings: Record<string, unknown>) => void): void {
  const file = uiSession().userSettingsFile;
  const settings = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(file, 'utf8')));
  change(settings);
  writeFileSync(file, JSON.stringify(settings, null, 2));
}
const SUPABASE_SETTINGS = { 'refinery.store': 'supabase', 'refinery.supabase.url': env.SUPABASE_TEST_URL, 'refinery.supabase.anonKey': env.SUPABASE_TEST_ANON_KEY };

/** The extension's status bar item (the account, or "Supabase: sign in"). */
const accountStatus = (page: Page) => page.locator('.statusbar-item[id$="refinery.account"]');
async function waitForAccountStatus(page: Page, text: RegExp): Promise<void> {
  await waitUntil(`the status bar to read ${text}`, async () => text.test(await accountStatus(page).innerText()), 60_000);
}

/** Signed in and nothing syncing or waiting: the item shows its check mark. */
async function waitForSyncIdle(page: Page): Promise<void> {
  await waitUntil('the sync to settle (check mark in the status bar)', async () => (await accountStatus(page).locator('.codicon-check').count()) > 0, 60_000);
}


/** Opens a workspace file by Quick Open; a .prompt file activates the extension (onLanguage). */
async function quickOpen(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input').first().fill(name);
  await widget.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ timeout: 20_000 });
}

/** What the Accounts menu (activity bar) lists, then closes it. */
async function accountsMenuText(page: Page): Promise<string> {
  await page.locator('.activitybar .action-label[aria-label^="Accounts"]').first().click();
  const menu = page.locator('.monaco-menu').first();
  await menu.waitFor({ timeout: 15_000 });
  await page.waitForTimeout(1_000); // the providers answer getSessions asynchronously
  const text = await menu.innerText();
  await page.keyboard.press('Escape');
  return text;
}

async function answerInputBox(page: Page, prompt: RegExp, value: string): Promise<void> {
  const widget = page.locator('.quick-input-widget', { hasText: prompt });
  await widget.waitFor({ state: 'visible', timeout: 20_000 });
  await widget.locator('input').first().fill(value);
  await page.keyboard.press('Enter');
}

suite('UI: Supabase sign-in, a sync conflict kept both ways, a session across reloads', function () {
  this.timeout(240_000);
  let page: Page;

  suiteSetup(async () => {
    assert.ifError((await teammate.auth.signUp({ email, password })).error);
    updateUserSettings((settings) => Object.assign(settings, SUPABASE_SETTINGS));
    page = await openWorkbench();
  });

  const step = sequentialSteps(() => page);

  suiteTeardown(async () => {
    await page?.close();
    updateUserSettings((settings) => {
      for (const key of Object.keys(SUPABASE_SETTINGS)) delete settings[key];
    });
  });

  step('Sign In from the palette with e-mail and password: the status bar shows the account', async () => {
    await quickOpen(page, 'triage.prompt');
    await waitForAccountStatus(page, /Supabase: sign in/);
    await runCommand(page, 'Refinery: Sign In');
    await pickOne(page, /E-mail and password/);
    await answerInputBox(page, /E-mail address of your Supabase account/, email);
    await answerInputBox(page, new RegExp(`Password for ${email}`), password);
    await answerDialog(page, /Upload your local prompts/, 'Not Now');
    await waitForAccountStatus(page, new RegExp(email));
    await waitForSyncIdle(page); // the first pull after sign-in
  });

  step('both sides changed: the conflict is offered (diff + dialog), "Keep Both" keeps both versions', async () => {
    writeWorkspaceFile(PATH, PROMPT('base'));
    await runCommand(page, 'Refinery: Sync Prompts Now');
    const row = await waitUntilValue('the pushed row', async () => {
      const current = await remoteRow(PATH);
      return current?.body === PROMPT('base') ? current : undefined;
    });
    await waitForSyncIdle(page);
    writeWorkspaceFile(PATH, PROMPT('mine'));
    assert.ifError((await teammate.from('prompt').update({ body: PROMPT('theirs') }).eq('id', row.id)).error);
    assert.equal((await remoteRow(PATH))?.body, PROMPT('theirs'), 'the teammate changed the row');

    await runCommand(page, 'Refinery: Sync Prompts Now');
    const dialog = page.locator('.monaco-dialog-box', { hasText: `"${PATH}" changed both here and in Supabase.` });
    await dialog.waitFor({ timeout: 60_000 });
    // the diff editor behind the dialog: Supabase's text on one side, the file's on the other
    const diff = page.locator('.monaco-diff-editor');
    await waitUntil('the diff editor with both versions', async () => {
      const text = await diff.innerText();
      return text.includes('theirs') && text.includes('mine');
    });
    await answerDialog(page, /changed both here and in Supabase/, 'Keep Both');

    await waitUntil(`${REMOTE_COPY} written`, () => Promise.resolve(readWorkspaceFile(REMOTE_COPY) === PROMPT('theirs')));
    assert.equal(readWorkspaceFile(PATH), PROMPT('mine'), 'the file keeps my version');
    assert.equal((await remoteRow(PATH))?.body, PROMPT('theirs'), 'the row keeps theirs: nothing overwritten');
  });

  step('reload the window: still signed in from the stored session, no sign-in asked', async () => {
    await reloadWindow(page);
    await quickOpen(page, 'triage.prompt');
    await waitForAccountStatus(page, new RegExp(email));
    // the Accounts menu fills in when the restored session reaches VS Code, a moment after the status bar
    await waitUntil('the account in the Accounts menu', async () => new RegExp(email).test(await accountsMenuText(page)));
    assert.equal(await page.locator('.quick-input-widget', { hasText: /Sign In/ }).isVisible(), false);
  });

  step('Sign Out, reload: still signed out', async () => {
    await runCommand(page, 'Refinery: Sign Out');
    await waitForAccountStatus(page, /Supabase: sign in/);
    await reloadWindow(page);
    await quickOpen(page, 'triage.prompt');
    await waitForAccountStatus(page, /Supabase: sign in/);
    // the session is gone from SecretStorage, not just hidden: it stays signed out a while after startup
    await page.waitForTimeout(3_000);
    assert.match(await accountStatus(page).innerText(), /Supabase: sign in/);
    assert.doesNotMatch(await accountsMenuText(page), new RegExp(email), 'no account in the Accounts menu');
  });
});

async function waitUntilValue<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  let value: T | undefined;
  await waitUntil(what, async () => (value = await probe()) !== undefined, timeoutMs);
  if (value === undefined) throw new Error(`no ${what}`);
  return value;
}
