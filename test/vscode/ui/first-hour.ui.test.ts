/**
 * Issue 29 in the real VS Code: the first hour of a new user on the bundled example
 * (examples/triage: Groq and Cerebras models, a grader judged by a Groq model), without API keys.
 * Every step goes through what the workbench offers — CodeLens, notification buttons, quick
 * picks, the grid's own controls — never a command with arguments.
 *
 * Notifications are read and clicked in the notification center: the smoke-test driver
 * code-server runs with keeps toasts from showing, and the center shows each notification with
 * its buttons as the toast would.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import {
  clearNotifications,
  clickNotificationButton,
  explorerItem,
  hideNotifications,
  notificationItem,
  notificationText,
  openWorkbench,
  pickOne,
  resultsPanel,
  runCommand,
  screenshot,
  sequentialSteps,
  waitUntil,
} from './harness';

const ROWS = 24; // examples/triage/tickets.csv

/** A temp copy of the bundled example, as a user opens it. */
function exampleWorkspace(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'refinery-first-hour-')), 'triage');
  cpSync(join(process.cwd(), 'examples/triage'), dir, { recursive: true });
  return dir;
}

async function openPrompt(page: Page, name: string): Promise<void> {
  await (await explorerItem(page, name)).click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'refinery.models' }).first().waitFor({ timeout: 20_000 });
}

/** Clicks a CodeLens of the open editor by its title. */
async function clickCodeLens(page: Page, title: RegExp): Promise<void> {
  const lens = page.locator('.codelens-decoration a', { hasText: title }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
}

/** Types into the input box the workbench shows (Set API Key…) and presses Enter. */
async function answerInputBox(page: Page, title: RegExp, value: string): Promise<void> {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ state: 'visible', timeout: 20_000 });
  await widget.locator('input').first().fill(value);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 20_000 });
}

/** The grid's run status and progress once the run has ended. */
async function waitForFinishedRun(panel: FrameLocator, cells: number, timeoutMs = 180_000): Promise<void> {
  await waitUntil(`the run to finish with ${cells} cells`, async () => {
    const status = (await panel.locator('[data-testid="run-status"]').innerText()).trim();
    const progress = (await panel.locator('[data-testid="progress"]').innerText()).trim();
    return status === 'completed' && progress === `${cells}/${cells}`;
  }, timeoutMs);
}

async function modelHeaders(panel: FrameLocator): Promise<string[]> {
  return (await panel.locator('[role="columnheader"] .model-label').allInnerTexts()).map((label) => label.trim());
}

/** The multi-select quick pick's row of a model. */
function modelRow(page: Page, modelId: string): Locator {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${modelId.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }) }).first();
}

async function rowChecked(row: Locator): Promise<boolean> {
  const own = await row.getAttribute('aria-checked');
  if (own !== null) return own === 'true';
  return (await row.locator('[aria-checked="true"], input[type=checkbox]:checked').count()) > 0;
}

/** The line under the quick pick's input (our selection summary, or what went wrong). */
async function quickPickPrompt(page: Page): Promise<string> {
  return (await page.locator('.quick-input-widget .quick-input-message').innerText()).trim();
}

suite('UI: the first hour on the bundled example, without API keys (issue 29)', function () {
  this.timeout(600_000);
  let page: Page;
  let workspace: string;

  suiteSetup(async () => {
    workspace = exampleWorkspace();
    page = await openWorkbench(workspace);
  });

  const step = sequentialSteps(() => page);

  suiteTeardown(async () => {
    if (page) await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await page?.close();
    if (workspace) rmSync(join(workspace, '..'), { recursive: true, force: true });
  });

  step('▶ Run without keys: one error names every missing key, the grader’s judge among them, with its actions as buttons', async () => {
    await openPrompt(page, 'triage.prompt');
    await clickCodeLens(page, /^▶ Run$/);
    const offer = await notificationItem(page, /needs API keys for Groq and Cerebras/);
    const text = await notificationText(offer);
    assert.match(text, /Groq for groq\/openai\/gpt-oss-20b and the judge of the grader graders\/correct_label\.prompt \(groq\/openai\/gpt-oss-120b\)/);
    assert.match(text, /Cerebras for cerebras\/gpt-oss-120b/);
    const buttons = (await offer.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((b) => b.trim());
    assert.deepEqual(buttons, ['Set API Keys…', 'Use Offline Models']);
    await screenshot(page, 'first-run-no-keys');
  });

  step('Set API Keys…: each key is asked for, then the run starts by itself and the grid finishes', async () => {
    await clickNotificationButton(await notificationItem(page, /needs API keys for Groq and Cerebras/), 'Set API Keys…');
    await answerInputBox(page, /Groq API key/, 'gsk_first_hour_fake');
    await answerInputBox(page, /Cerebras API key/, 'csk-first-hour-fake');
    await hideNotifications(page);
    const panel = resultsPanel(page);
    await waitForFinishedRun(panel, ROWS * 2);
    assert.deepEqual(await modelHeaders(panel), ['groq/openai/gpt-oss-20b', 'cerebras/gpt-oss-120b']);
  });

  step('without the keys again, Use Offline Models runs the same prompt on sim/echo, judged by sim/judge', async () => {
    for (const provider of ['Groq', 'Cerebras']) {
      await runCommand(page, 'Refinery: Remove API Key…');
      await pickOne(page, new RegExp(`^${provider}`));
    }
    await runCommand(page, 'View: Close All Editors');
    await clearNotifications(page);
    await openPrompt(page, 'triage.prompt');
    await clickCodeLens(page, /^▶ Run$/);
    await clickNotificationButton(await notificationItem(page, /needs API keys for Groq and Cerebras/), 'Use Offline Models');
    await hideNotifications(page);
    const panel = resultsPanel(page);
    await waitForFinishedRun(panel, ROWS);
    assert.deepEqual(await modelHeaders(panel), ['sim/echo']);
    // graded by sim/judge: every cell has a verdict
    await waitUntil('a verdict on the first cells', async () => (await panel.locator('[role="gridcell"] .badge-pass, [role="gridcell"] .badge-fail').count()) > 0, 20_000);
    assert.equal(await panel.locator('[role="gridcell"] .badge-muted', { hasText: 'ungraded' }).count(), 0, 'an ungraded cell');
  });

  step('the model picker: the offline model is listed, a typed model is added and stays, OK with nothing checked says so', async () => {
    await runCommand(page, 'View: Close All Editors');
    await openPrompt(page, 'triage.prompt');
    await clickCodeLens(page, /^▶ Run against dataset$/);
    await pickOne(page, /tickets\.csv/);
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('input.input').first();
    // listed: sim/echo, checked since it ran last
    await modelRow(page, 'sim/echo').waitFor({ timeout: 20_000 });
    assert.ok(await rowChecked(modelRow(page, 'sim/echo')), 'sim/echo (picked last time) is checked');
    assert.match(await modelRow(page, 'sim/echo').innerText(), /offline, no key needed/);
    // typed: a model no list has, added with Enter; the filter clears and it stays checked
    await input.fill('sim/typed');
    await modelRow(page, 'sim/typed').waitFor();
    await page.keyboard.press('Enter');
    await waitUntil('the typed model checked and the filter cleared', async () => (await input.inputValue()) === '' && (await rowChecked(modelRow(page, 'sim/typed'))), 10_000);
    // another filter, then none: the typed model is still there, still checked
    await input.fill('gpt-oss');
    await waitUntil('the filter applied', async () => (await modelRow(page, 'sim/typed').count()) === 0, 10_000);
    await input.fill('');
    await waitUntil('the typed model back, checked', async () => (await modelRow(page, 'sim/typed').count()) === 1 && (await rowChecked(modelRow(page, 'sim/typed'))), 10_000);
    assert.equal(await quickPickPrompt(page), 'Runs 2 models: sim/typed and sim/echo.');
    await screenshot(page, 'model-picker-typed');
    // nothing checked: OK says so and the picker stays
    for (const modelId of ['sim/echo', 'sim/typed']) await modelRow(page, modelId).click();
    await waitUntil('nothing checked', async () => (await quickPickPrompt(page)) === 'Nothing checked yet.', 10_000);
    await widget.locator('.quick-input-action a, .monaco-button', { hasText: 'OK' }).first().click();
    await waitUntil('the picker to say nothing is checked', async () => (await quickPickPrompt(page)).startsWith('No model is checked'), 10_000);
    assert.ok(await widget.isVisible(), 'the picker stayed open');
    for (const modelId of ['sim/echo', 'sim/typed']) await modelRow(page, modelId).click();
    await waitUntil('both checked again', async () => (await quickPickPrompt(page)) === 'Runs 2 models: sim/typed and sim/echo.', 10_000);
    await widget.locator('.quick-input-action a, .monaco-button', { hasText: 'OK' }).first().click();
    // the judge: sim/judge, picked last time, comes first
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'judge for the graders' }).waitFor({ timeout: 20_000 });
    const first = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
    assert.match(await first.innerText(), /^sim\/judge/);
    await page.keyboard.press('Enter');
    const panel = resultsPanel(page);
    await waitForFinishedRun(panel, ROWS * 2);
    assert.deepEqual(await modelHeaders(panel), ['sim/typed', 'sim/echo']);
  });
});
