import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { contextMenu, explorerItem, openWorkbench, runCommand, screenshot, sequentialSteps, uiSession, waitUntil } from './harness';
import { runFromExplorer } from './run-flow';

// A VS Code with Workspace Trust on (its own session: the launcher starts it), on a copy of the
// fixture folder it has never trusted: the folder opens in Restricted Mode. The extension still
// runs there (`untrustedWorkspaces: limited`), refuses to run a prompt, saying why, and runs it
// once the user trusts the folder.
const REFUSAL = /Refinery does not run prompts in Restricted Mode: a run sends the prompt and the dataset rows to model providers, and this folder is not trusted\. Trust the folder to run prompts\./;

async function providerRequests(): Promise<number> {
  const url = uiSession().fakeServerUrl;
  if (!url) throw new Error('the UI session has no fake server URL');
  const stats = z.object({ totalRequests: z.number() }).parse(await (await fetch(`${url}/__fake/stats`)).json());
  return stats.totalRequests;
}

suite('UI: Restricted Mode — an untrusted folder', function () {
  this.timeout(180_000);
  let page: Page;

  suiteSetup(async () => {
    page = await openWorkbench();
  });

  const step = sequentialSteps(() => page);

  suiteTeardown(async () => {
    await page?.close();
  });

  // With the smoke-test driver on, VS Code shows no notification toasts: the Notifications center
  // (the bell in the status bar) lists them.
  const refusalNotification = () => page.locator('.notifications-center .notification-list-item', { hasText: 'Restricted Mode' }).first();

  /**
   * Waits for the status bar's bell to announce a new notification (the refusal), failing at once
   * if a quick pick opens instead: a refused run asks for nothing first.
   */
  async function newNotification(): Promise<void> {
    const bell = page.locator('[id="status.notifications"]');
    await waitUntil('a new notification (the bell in the status bar)', async () => {
      if (await page.locator('.quick-input-widget').isVisible()) throw new Error('a quick pick opened: the run was not refused first');
      return (await bell.locator('.codicon-bell-dot').count()) > 0;
    }, 30_000).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; the bell: ${await bell.innerHTML().catch(() => 'not found')}`);
    });
  }

  /** Opens the Notifications center from the bell (the user's way) and reads the refusal there. */
  async function refusal(): Promise<string> {
    const center = page.locator('.notifications-center');
    await waitUntil('the refusal in the Notifications center', async () => {
      if (!(await center.isVisible())) {
        await page.locator('[id="status.notifications"]').click();
        await center.waitFor({ timeout: 2_000 }).catch(() => undefined);
      }
      // the pointer off the bell: its hover ("Hide Notifications") would cover the center's buttons
      await page.mouse.move(700, 300);
      await page.locator('.workbench-hover').first().waitFor({ state: 'hidden', timeout: 5_000 });
      return refusalNotification().isVisible();
    }, 30_000);
    return refusalNotification().innerText();
  }

  async function clearNotifications(): Promise<void> {
    await runCommand(page, 'Notifications: Clear All Notifications');
    await waitUntil('the notifications to clear', async () => {
      const listed = await page.locator('.notifications-center .notification-list-item:visible').count();
      return listed === 0 && (await page.locator('[id="status.notifications"] .codicon-bell-dot').count()) === 0;
    }, 15_000);
  }

  step('the folder opens in Restricted Mode', async () => {
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
  });

  step('Run Against Dataset from the Explorer is refused with the reason, before any quick pick; no provider is called', async () => {
    const before = await providerRequests();
    await contextMenu(page, await explorerItem(page, 'prompts/triage.prompt'), 'Run Against Dataset');
    await newNotification();
    assert.match(await refusal(), REFUSAL);
    await screenshot(page, 'restricted-mode-refused');
    assert.equal(await providerRequests(), before);
    await clearNotifications();
  });

  step('Refinery: Run Prompt from the palette is refused the same way', async () => {
    await (await explorerItem(page, 'prompts/triage.prompt')).dblclick();
    await page.locator('.tab', { hasText: 'triage.prompt' }).first().waitFor({ timeout: 20_000 });
    const before = await providerRequests();
    await runCommand(page, 'Refinery: Run Prompt');
    await newNotification();
    assert.match(await refusal(), REFUSAL);
    assert.equal(await providerRequests(), before);
  });

  step('the refusal offers Manage Workspace Trust, which opens the Workspace Trust editor', async () => {
    await refusal();
    await refusalNotification().locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).click();
    await page.getByText('You are in Restricted Mode').first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'restricted-mode-trust-editor');
  });

  step('once the folder is trusted, the same run goes through', async () => {
    await page.locator('.monaco-button', { hasText: /^Trust$/ }).first().click();
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    const trustEditor = page.getByText('You trust this folder').first();
    await trustEditor.waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Close Editor'); // the Workspace Trust editor opens over the Explorer
    await trustEditor.waitFor({ state: 'detached', timeout: 15_000 });
    const before = await providerRequests();
    await runFromExplorer(page);
    assert.ok((await providerRequests()) > before, 'the trusted run called the (fake) provider');
  });
});
