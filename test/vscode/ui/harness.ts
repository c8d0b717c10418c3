/**
 * What the UI tests share: the session the launcher prepared (passed in the environment), a
 * Chromium page on code-server's workbench, and the few workbench gestures the tests use.
 * Selectors are VS Code's own DOM (`.quick-input-widget`, `.context-view`, explorer rows) and
 * the results panel's `data-testid`s.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { z } from 'zod';
import { workbenchUrl } from '../../../scripts/vscode-host/workbench';
import type { SpawnedFakeServer } from '../../fake-server/spawn';

export interface UiSession {
  serverUrl: string;
  /** The fake provider server every model call goes to (it records the request bodies). */
  fakeServer: SpawnedFakeServer;
  /** The temp copy of the fixture workspace. */
  workspace: string;
  /** Absent when the extension under test is installed from the .vsix. */
  extensionDevelopmentPath: string | undefined;
  screenshotDir: string;
  /** code-server's User/settings.json (VS Code reloads it when it changes). */
  userSettingsFile: string;
  browser: Browser;
  /** The fake provider server every model call of the session goes to (its `/__fake/stats` counts them). */
  fakeServerUrl?: string;
}

/** On globalThis: the launcher and each separately bundled test file have their own copy of this module. */
const SESSION = Symbol.for('prompt-refinery.ui-session');
type SessionHolder = { [SESSION]?: UiSession };

/** Called by the launcher before mocha loads the UI test files. */
export function setUiSession(session: UiSession): void {
  (globalThis as SessionHolder)[SESSION] = session;
}

export function uiSession(): UiSession {
  const session = (globalThis as SessionHolder)[SESSION];
  if (!session) throw new Error('no UI session: run these tests through npm run test:vscode');
  return session;
}

/** The workbench on the session's workspace, or on `folder` (a suite's own workspace). */
export async function openWorkbench(folder?: string): Promise<Page> {
  const session = uiSession();
  const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => console.log(`  [workbench page error] ${error.message}`));
  await page.goto(
    workbenchUrl({ serverUrl: session.serverUrl, folder: folder ?? session.workspace, extensionDevelopmentPath: session.extensionDevelopmentPath }),
  );
  await waitForWorkbench(page);
  return page;
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench [id="workbench.parts.editor"]').waitFor({ timeout: 90_000 });
}

/** Developer: Reload Window, the user's way (VS Code shuts the window down properly, its editor state saved), then waits for the workbench. */
export async function reloadWindow(page: Page): Promise<void> {
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
  await waitForWorkbench(page);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = uiSession().screenshotDir;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs a palette command, retrying while the extension has not registered it yet. */
export async function runCommand(page: Page, title: string, attempts = 40): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${escapeRegExp(title)}`) }).first();
    try {
      await row.waitFor({ timeout: 1_000 });
      await row.click();
      return;
    } catch {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
  }
  throw new Error(`command not in the palette: ${title}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Switches the colour theme the way a user does (Preferences: Color Theme), e.g. `Light Modern`. */
export async function selectColorTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input.input').fill(theme);
  // by the item's own label: a row may also carry its group's separator label
  await widget.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(theme)}$`) }) }).first().click();
  await page.waitForTimeout(500); // webviews restyle from the new --vscode-* variables
}

/** Saves a screenshot named after the current test when it failed (CI has nothing else to look at). */
export async function screenshotIfFailed(page: Page | undefined, test: Mocha.Runnable | undefined): Promise<void> {
  if (!page || !test || test.state !== 'failed') return;
  const name = `failed-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`;
  await screenshot(page, name).catch(() => undefined);
}

/**
 * Registers a suite's steps that build on each other (call inside the suite): after a failed step
 * the rest fail at once (counted, not skipped), and each failed step leaves a screenshot.
 */
export function sequentialSteps(currentPage: () => Page | undefined): (title: string, body: () => Promise<void>) => void {
  let brokenAt: string | undefined;
  teardown(async function () {
    if (this.currentTest?.state === 'failed') brokenAt ??= this.currentTest.title;
    await screenshotIfFailed(currentPage(), this.currentTest);
  });
  return (title, body) => {
    test(title, async () => {
      if (brokenAt) throw new Error(`not run: the earlier step "${brokenAt}" failed`);
      await body();
    });
  };
}

/** An explorer row by its path under the workspace, expanding the folders on the way. */
export async function explorerItem(page: Page, relativePath: string): Promise<Locator> {
  const explorer = page.locator('.explorer-folders-view');
  if (!(await explorer.isVisible())) await page.keyboard.press('Control+Shift+E');
  await explorer.waitFor();
  const parts = relativePath.split('/');
  for (const [i, part] of parts.entries()) {
    const row = explorer.locator(`.monaco-list-row[aria-label="${part}"]`).first();
    await row.waitFor({ timeout: 20_000 });
    if (i === parts.length - 1) return row;
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  throw new Error('empty path');
}

/**
 * Right-clicks a row and picks a context-menu item by its label (an ellipsis may follow it),
 * retrying while the workbench has not yet read the extension's menu contributions.
 */
export async function contextMenu(page: Page, target: Locator, label: string, attempts = 15): Promise<void> {
  const item = page.locator('.context-view .action-item', { has: page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(label)}…?$`) }) }).first();
  for (let i = 0; i < attempts; i++) {
    await target.click({ button: 'right' });
    try {
      await item.waitFor({ timeout: 2_000 });
      // A list re-rendering under the pointer (the explorer refreshing after a file appeared) can
      // put another row there: the menu then belongs to that row, which the right-click focused.
      if (!(await rightClickedRowIs(target))) {
        console.log(`contextMenu: the right-click landed on another row than ${String(await target.getAttribute('aria-label'))}; trying again`);
        throw new Error('the right-click landed on another row');
      }
      await item.click();
      // The menu sometimes ignores a click (it stays open and nothing runs): then the item is
      // chosen with the keyboard. Only a menu that closed has run the command.
      if (!(await closes(item, 1_500))) {
        const reached = await item.hover({ timeout: 2_000 }).then(
          () => true,
          () => false,
        );
        if (!reached) {
          // closed while we reached for it: the click ran the command late, and choosing again would run it twice
          if (await item.isHidden()) return;
          throw new Error('the context menu item cannot be reached');
        }
        await page.keyboard.press('Enter');
        if (!(await closes(item, 2_000))) throw new Error('the context menu stayed open');
      }
      return;
    } catch {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
  }
  throw new Error(`"${label}" is not in the context menu`);
}

/** Whether the list row `target` has the focus a right-click gives the row under the pointer (true for targets that are not list rows). */
async function rightClickedRowIs(target: Locator): Promise<boolean> {
  const classes = (await target.getAttribute('class'))?.split(/\s+/) ?? [];
  return !classes.includes('monaco-list-row') || classes.includes('focused');
}

async function closes(item: Locator, timeout: number): Promise<boolean> {
  return item.waitFor({ state: 'hidden', timeout }).then(
    () => true,
    () => false,
  );
}

/** Answers a single-choice quick pick by clicking the first item whose text matches. */
export async function pickOne(page: Page, label: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 20_000 });
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 20_000 });
  await row.click();
}

/** Whether a multi-select quick pick row is checked (the row or its checkbox carries the state). */
async function isChecked(row: Locator): Promise<boolean> {
  const own = await row.getAttribute('aria-checked');
  if (own !== null) return own === 'true';
  const toggle = row.locator('[aria-checked], input[type=checkbox]').first();
  if ((await toggle.count()) > 0) {
    const state = await toggle.getAttribute('aria-checked');
    return state === null ? toggle.isChecked() : state === 'true';
  }
  throw new Error(`cannot tell whether this quick pick item is checked: ${(await row.innerHTML()).slice(0, 600)}`);
}

/** Answers a multi-select quick pick: exactly `labels` checked (clicking a row toggles it), then OK. */
export async function pickMany(page: Page, labels: string[]): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 20_000 });
  const ok = widget.locator('.quick-input-action a, .monaco-button', { hasText: 'OK' }).first();
  await ok.waitFor({ timeout: 20_000 }); // the multi-select list, not the quick pick before it
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor();
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const text = await row.innerText();
    const wanted = labels.some((label) => text.includes(label));
    if ((await isChecked(row)) !== wanted) {
      await row.click();
      await waitUntil(`"${text.split('\n')[0] ?? ''}" ${wanted ? 'checked' : 'unchecked'}`, async () => (await isChecked(row)) === wanted, 5_000);
    }
  }
  await ok.click();
}

/** The results panel's document: VS Code's webview iframe, then the frame with our HTML. */
export function resultsPanel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export function gridCells(panel: FrameLocator): Locator {
  return panel.locator('[data-testid="grid"] [role="gridcell"]');
}

/** Clicks a button of the workbench's modal dialog (`showWarningMessage(..., { modal: true })`) and waits for it to close. */
export async function answerDialog(page: Page, message: RegExp, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: message });
  await dialog.waitFor({ timeout: 60_000 });
  await dialog.locator('.monaco-button', { hasText: new RegExp(`^${escapeRegExp(button)}$`) }).click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
}

export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let tries = 0;
  for (;;) {
    tries++;
    const ok = await probe().catch((error: unknown) => {
      lastError = error;
      return false;
    });
    if (ok) return;
    if (Date.now() > deadline) {
      // what the probe last threw tells a slow UI from a probe that cannot work
      const threw = lastError === undefined ? '' : `; the probe last threw: ${lastError instanceof Error ? lastError.message.split('\n')[0] : JSON.stringify(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${tries} tries${threw})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The notification center's item whose message contains `text`, the center opened first
 * (Notifications: Show Notifications). Toasts do not show under the smoke-test driver code-server
 * runs with; the center renders each notification as its toast would, buttons included.
 */
export async function notificationItem(page: Page, text: string | RegExp, timeoutMs = 60_000): Promise<Locator> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) await runCommand(page, 'Notifications: Show Notifications');
  await center.waitFor({ state: 'visible', timeout: 15_000 });
  const item = center.locator('.notification-list-item', { has: page.locator('.notification-list-item-message', { hasText: text }) }).first();
  await item.waitFor({ timeout: timeoutMs });
  return item;
}

/** What a notification says, as a reader sees it (the escapers' invisible word joiners left out). */
export async function notificationText(item: Locator): Promise<string> {
  return (await item.locator('.notification-list-item-message').innerText()).replaceAll('\u2060', '').replace(/\s+/g, ' ');
}

/** Clicks a button of a notification (in the notification center), as a user does. */
export async function clickNotificationButton(item: Locator, label: string): Promise<void> {
  const button = item.locator('.notification-list-item-buttons-container .monaco-button', { hasText: new RegExp(`^${escapeRegExp(label)}$`) });
  await button.waitFor({ timeout: 15_000 });
  await button.click();
}

/** Closes the notification center if it is open. The palette lists the command only while the center
 * (or a toast) shows, and the center may close by itself between a look and the command (its last
 * notification's button was just clicked), so it looks again before each try. */
export async function hideNotifications(page: Page): Promise<void> {
  const center = page.locator('.notifications-center');
  for (let i = 0; i < 20; i++) {
    if (!(await center.isVisible())) return;
    try {
      await runCommand(page, 'Notifications: Hide Notifications', 1);
    } catch {
      // not listed right now: look again
    }
  }
  throw new Error('the notification center stays open');
}

/** Clears every notification, so the next one looked for is new. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/** Edits code-server's user settings file; the workbench picks the change up like a hand edit. */
export function updateUserSettings(change: (settings: Record<string, unknown>) => void): void {
  const file = uiSession().userSettingsFile;
  const settings = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(file, 'utf8')));
  change(settings);
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

/**
 * A price for the fake model and a low threshold, so every run's estimate is above it and the run
 * asks first (`false` takes both away again). Call it before the window opens: an open window does
 * not pick up a changed user settings file in code-server reliably.
 */
export function askCostBeforeEveryRun(ask: boolean): void {
  updateUserSettings((settings) => {
    if (ask) {
      settings['refinery.prices'] = { 'fake/*': { inputPerMillion: 1000, outputPerMillion: 1000 } };
      settings['refinery.confirmCostAboveUsd'] = 0.01;
    } else {
      delete settings['refinery.prices'];
      delete settings['refinery.confirmCostAboveUsd'];
    }
  });
}

const fakeStatsSchema = z.object({
  totalRequests: z.number(),
  perKey: z.record(z.string(), z.object({ received: z.number(), ok: z.number() })),
});

/** The fake provider server of the session: its request counts (per cell key: the last user message), reset, options. */
export const fakeServer = {
  async control(method: 'GET' | 'POST', action: string, body?: unknown): Promise<unknown> {
    const url = uiSession().fakeServerUrl;
    if (!url) throw new Error('the launcher passed no fake server URL');
    const response = await fetch(`${url}/__fake/${action}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`fake server ${action}: ${response.status}`);
    return response.json();
  },
  async stats(): Promise<z.infer<typeof fakeStatsSchema>> {
    return fakeStatsSchema.parse(await this.control('GET', 'stats'));
  },
  async reset(): Promise<void> {
    await this.control('POST', 'reset');
  },
  /** JSON options only: `latencyMs`, `faultsPerKey`, … (see test/fake-server). */
  async setOptions(options: Record<string, unknown>): Promise<void> {
    await this.control('POST', 'options', options);
  },
};

/** Run Against Dataset's judge step (a prompt with graders): keeps the judge offered first. */
export async function acceptJudge(page: Page): Promise<void> {
  const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'judge for the graders' });
  await title.waitFor({ timeout: 20_000 });
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await title.waitFor({ state: 'hidden', timeout: 20_000 });
}

/** A pane of the Prompt Refinery container, opened from the activity bar. */
export async function refineryPane(page: Page, title: RegExp): Promise<Locator> {
  const pane = page.locator('.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: title }) });
  if (!(await pane.isVisible())) await page.locator('.activitybar .action-item .action-label[aria-label^="Prompt Refinery"]').first().click();
  await pane.waitFor({ timeout: 15_000 });
  if ((await pane.locator('.pane-header').getAttribute('aria-expanded')) === 'false') await pane.locator('.pane-header').click();
  return pane;
}
