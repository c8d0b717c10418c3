/**
 * Issue 18 in the real VS Code: a workspace cloned from someone else names things with markup — a
 * prompt file named `<img …>[notify](command:…).prompt`, a CSV column `[columns](command:…)`, a
 * model `sim/$(zap)` (test/fixtures/hostile-workspace; the prompt gets its name in a temp copy,
 * since such a name cannot be checked out on Windows). After a run, an export and an import, no
 * notification, Runs view row or tooltip holds a command link made from that data, no quick pick
 * shows `$(zap)` as an icon, and the names are still there to read, as typed.
 *
 * Notifications are read in the notification center: the smoke-test driver code-server runs
 * with keeps toasts from showing, and the center renders a message exactly as a toast does.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { contextMenu, explorerItem, gridCells, hideNotifications, openWorkbench, refineryPane, pickMany, pickOne, resultsPanel, runCommand, screenshot, screenshotIfFailed, waitUntil } from './harness';

const LINK_TARGET = 'command:workbench.action.showCommands';
const PROMPT_NAME = `<img src=x onerror=alert(1)>[notify](${LINK_TARGET})`;
const PROMPT_FILE = `${PROMPT_NAME}.prompt`;
const COLUMN = `[columns](${LINK_TARGET})`;
const MODEL = 'sim/$(zap)';
const ROWS = 2; // data/columns.csv

/** What a reader sees: the escapers' invisible word joiners and markdown's no-break spaces are not text. */
function visible(text: string): string {
  return text.replaceAll('\u2060', '').replaceAll('\u00a0', ' ').replace(/\s+/g, ' ');
}

/** A temp copy of the fixture with the prompt under its hostile name. */
function hostileWorkspace(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'refinery-hostile-')), 'workspace');
  cpSync(join(process.cwd(), 'test/fixtures/hostile-workspace'), dir, { recursive: true });
  renameSync(join(dir, 'prompts/hostile.prompt'), join(dir, 'prompts', PROMPT_FILE));
  return dir;
}

interface Seen {
  /** the text of a list row or a message, and the command links and icons inside it */
  text: string;
  commandLinks: string[];
  zapIcons: number;
  images: number;
}

async function inspect(element: Locator): Promise<Seen> {
  return element.evaluate((root: { textContent: string | null; querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> }) => ({
    text: root.textContent ?? '',
    commandLinks: Array.from(root.querySelectorAll('a[href^="command:"]')).map((a) => a.getAttribute('href') ?? ''),
    zapIcons: root.querySelectorAll('.codicon-zap').length,
    images: root.querySelectorAll('img').length,
  }));
}

/** The notification center's item whose message contains `text` (Notifications: Show Notifications). */
async function notification(page: Page, text: string): Promise<Seen> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) await runCommand(page, 'Notifications: Show Notifications');
  await center.waitFor({ state: 'visible', timeout: 15_000 });
  const messages = center.locator('.notification-list-item-message');
  let found: Seen | undefined;
  await waitUntil(`a notification with "${text}"`, async () => {
    for (const message of await messages.all()) {
      const seen = await inspect(message);
      if (visible(seen.text).includes(text)) found = seen;
    }
    return found !== undefined;
  }, 60_000);
  if (!found) throw new Error('unreachable');
  return found;
}

/** Nowhere in the workbench a link to the command the data names. */
async function assertNoDataLinkAnywhere(page: Page): Promise<void> {
  assert.equal(await page.locator(`a[href^="${LINK_TARGET}"]`).count(), 0, `a link to ${LINK_TARGET} made from data`);
}

function assertShownAsText(seen: Seen, expected: string, where: string): void {
  assert.deepEqual(seen.commandLinks, [], `${where}: command links ${seen.commandLinks.join(', ')}`);
  assert.equal(seen.images, 0, `${where}: an image`);
  assert.ok(visible(seen.text).includes(expected), `${where}: "${expected}" is not shown as typed in: ${visible(seen.text)}`);
}

suite('UI: hostile names (a prompt file, a CSV column, a model id) stay text in the workbench', function () {
  this.timeout(300_000);
  let page: Page;
  let workspace: string;
  /** The first action that failed: the checks after it have nothing to look at. */
  let brokenAt: string | undefined;
  const seen: { modelPick?: Seen; exportedName?: string } = {};

  /** An action the later checks build on (a run, an export); a check failing does not stop them. */
  const action = (title: string, body: () => Promise<void>) =>
    test(title, async () => {
      if (brokenAt) throw new Error(`not run: the earlier step "${brokenAt}" failed`);
      try {
        await body();
      } catch (error) {
        brokenAt = title;
        throw error;
      }
    });
  const check = (title: string, body: () => Promise<void> | void) =>
    test(title, async () => {
      if (brokenAt) throw new Error(`not run: the earlier step "${brokenAt}" failed`);
      await body();
    });

  suiteSetup(async () => {
    workspace = hostileWorkspace();
    page = await openWorkbench(workspace);
  });

  teardown(async function () {
    await screenshotIfFailed(page, this.currentTest);
  });

  suiteTeardown(async () => {
    if (page) await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await page?.close();
    if (workspace) rmSync(join(workspace, '..'), { recursive: true, force: true });
  });

  action('run the prompt from the explorer against the CSV, on the model of its frontmatter', async () => {
    await contextMenu(page, await explorerItem(page, `prompts/${PROMPT_FILE}`), 'Run Against Dataset');
    await pickOne(page, /(^|\/|\s)columns\.csv/);
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-action a, .monaco-button', { hasText: 'OK' }).first().waitFor({ timeout: 20_000 });
    const row = widget.locator('.quick-input-list .monaco-list-row').first();
    await row.waitFor();
    seen.modelPick = await inspect(row);
    await screenshot(page, 'hostile-model-pick');
    await pickMany(page, ['from the prompt']); // the prompt's one model, however its label shows
    const panel = resultsPanel(page);
    await waitUntil(`the grid to show ${ROWS} finished cells`, async () => (await gridCells(panel).count()) === ROWS && (await panel.locator('[role="gridcell"].cell-pending').count()) === 0, 90_000);
  });

  check('the models quick pick shows sim/$(zap) as typed, not a zap icon', () => {
    assert.ok(seen.modelPick, 'the models quick pick was read');
    assert.equal(seen.modelPick.zapIcons, 0, 'the model id became a zap icon');
    assert.ok(visible(seen.modelPick.text).includes(MODEL), `the row reads: ${seen.modelPick.text}`);
  });

  check('the "finished" notification names the prompt as typed, without a command link', async () => {
    const finished = await notification(page, 'finished —');
    await screenshot(page, 'hostile-notifications');
    assertShownAsText(finished, `Refinery: ${PROMPT_NAME} finished`, 'the finished notification');
    await assertNoDataLinkAnywhere(page);
    await hideNotifications(page);
  });

  action('export the results as CSV through the save dialog', async () => {
    await hideNotifications(page);
    const panel = resultsPanel(page);
    await panel.locator('[data-testid="export"]').click();
    const dialog = page.locator('.quick-input-widget');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const input = dialog.locator('input').first();
    await waitUntil('the save dialog to propose <prompt>-<run>.csv', async () => /-[0-9a-f]{8}\.csv$/.test(await input.inputValue()), 20_000);
    await page.keyboard.press('Enter');
    const exported = () => readdirSync(workspace).find((name) => name.startsWith(PROMPT_NAME) && name.endsWith('.csv'));
    await waitUntil('the exported file', () => Promise.resolve(exported() !== undefined));
    seen.exportedName = exported();
  });

  check('the "exported" notification names the file as typed, without a command link', async () => {
    assert.ok(seen.exportedName, 'the export wrote a file');
    const message = await notification(page, 'Refinery: exported');
    assertShownAsText(message, `to ${seen.exportedName}.`, 'the exported notification');
    await assertNoDataLinkAnywhere(page);
    await hideNotifications(page);
  });

  action('import the CSV (Refinery: Import Dataset…, through the open dialog)', async () => {
    await runCommand(page, 'Refinery: Import Dataset…');
    const dialog = page.locator('.quick-input-widget');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const input = dialog.locator('input').first();
    // the user's way through the simple open dialog: into data/, then the file (no other row has these words)
    const rowNamed = (name: string) => dialog.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    await waitUntil('the open dialog to show the workspace', async () => (await input.inputValue()).endsWith('/workspace/'), 20_000);
    await rowNamed('data').click();
    await waitUntil('the open dialog in data/', async () => (await input.inputValue()).endsWith('/workspace/data/'), 20_000);
    await rowNamed('columns.csv').click();
    await waitUntil('the open dialog to take data/columns.csv', async () => {
      if (await dialog.isHidden()) return true;
      if ((await input.inputValue()).endsWith('/data/columns.csv')) await page.keyboard.press('Enter');
      return dialog.isHidden();
    }, 20_000);
  });

  check('the import notification lists the column as typed, without a command link', async () => {
    // the run stored this very file already: the import reuses it and says so
    const message = await notification(page, 'is stored already');
    assertShownAsText(message, `columns: ticket, ${COLUMN}).`, 'the import notification');
    await assertNoDataLinkAnywhere(page);
    await hideNotifications(page);
  });

  check('the Runs view: the prompt row and the run tooltip show the names as typed, no link, no image', async () => {
    await page.keyboard.press('Escape');
    const runsView = await refineryPane(page, /^runs$/i);
    const promptRow = runsView.locator('.monaco-list-row[aria-level="1"]').first();
    await promptRow.waitFor({ timeout: 15_000 });
    assertShownAsText(await inspect(promptRow), PROMPT_NAME, 'the prompt row of the Runs view');

    const runRow = runsView.locator('.monaco-list-row[aria-level="2"]').first();
    await runRow.waitFor({ timeout: 15_000 });
    assertShownAsText(await inspect(runRow), '', 'the run row of the Runs view');
    const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible').last();
    await waitUntil('the run tooltip', async () => {
      await runRow.hover({ position: { x: 60, y: 10 } });
      return hover.isVisible();
    }, 30_000);
    await waitUntil('the run tooltip to hold the model', async () => visible((await inspect(hover)).text).includes(MODEL), 10_000);
    await screenshot(page, 'hostile-runs-tooltip');
    const tooltip = await inspect(hover);
    assertShownAsText(tooltip, PROMPT_NAME, 'the run tooltip');
    assertShownAsText(tooltip, 'data/columns.csv', 'the run tooltip');
    await assertNoDataLinkAnywhere(page);
    await page.mouse.move(700, 850);
  });

  check('Open Run…: the run reads as typed, the model id is no zap icon', async () => {
    await runCommand(page, 'Refinery: Open Run…');
    const widget = page.locator('.quick-input-widget');
    // the run's row, not a row of the palette that opened it
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: 'onerror=alert(1)' }).first();
    await row.waitFor({ timeout: 20_000 });
    await screenshot(page, 'hostile-open-run');
    const shown = await inspect(row);
    await page.keyboard.press('Escape');
    assert.equal(shown.zapIcons, 0, 'the model id became a zap icon');
    assertShownAsText(shown, PROMPT_NAME, 'the Open Run… item');
    assert.ok(visible(shown.text).includes(MODEL), `the Open Run… item reads: ${shown.text}`);
  });
});
