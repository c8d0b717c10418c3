import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { z } from 'zod';
import { createStoreClient } from '../../../src/store/supabase/client';
import { answerDialog, contextMenu, explorerItem, hideNotifications, openWorkbench, pickOne, refineryPane, runCommand, screenshot, sequentialSteps, uiSession, updateUserSettings, waitUntil } from './harness';

/**
 * Datasets as objects in the real workbench, on a Supabase store (rows in Postgres, the file in
 * Storage): import a CSV twice (one dataset), the Datasets view lists it, Preview shows its first
 * 100 rows, a prompt runs against it from the view, a changed file becomes version 2, and Delete
 * asks, then removes rows and the Storage object — keeping the rows the run's cells ran on.
 */
const env = z
  .object({ SUPABASE_TEST_URL: z.url(), SUPABASE_TEST_ANON_KEY: z.string().min(1) })
  .parse(process.env, { error: () => 'run the VS Code tests with scripts/vscode-host/test.sh (it starts the local Supabase API)' });

const email = `datasets-${randomUUID().slice(0, 8)}@refinery.test`;
const password = `pw-${randomUUID()}`;
const CSV_PATH = 'stored/preview-120.csv';
const CSV_NAME = 'preview-120.csv';
const ROWS = 120;
const SHOWN = 100;

/** id (integer), ticket (text), note (text, empty every 10th row). */
function csvRows(extra = 0): string[][] {
  return Array.from({ length: ROWS + extra }, (_, i) => [String(i + 1), `Ticket ${i + 1}: the invoice shows ${i * 3} EUR twice`, i % 10 === 9 ? '' : `note ${i + 1}`]);
}
const csvText = (rows: string[][]) => ['id,ticket,note', ...rows.map(([id, ticket, note]) => `${id},"${ticket}",${note}`)].join('\n') + '\n';

/** The same account through supabase-js and RLS: what the store holds. */
const owner = createStoreClient(env.SUPABASE_TEST_URL, env.SUPABASE_TEST_ANON_KEY);
const DatasetRow = z.object({ id: z.string(), status: z.string(), version: z.number(), previous_version_id: z.string().nullable(), file_path: z.string() });
async function storedDatasets(): Promise<Array<z.infer<typeof DatasetRow>>> {
  const { data, error } = await owner.from('dataset').select('id, status, version, previous_version_id, file_path').order('created_at');
  if (error) throw new Error(error.message);
  return z.array(DatasetRow).parse(data);
}
async function rowCount(datasetId: string): Promise<number> {
  const { count, error } = await owner.from('dataset_row').select('id', { count: 'exact', head: true }).eq('dataset_id', datasetId);
  if (error) throw new Error(error.message);
  return count ?? -1;
}
async function storageObjects(datasetId: string): Promise<string[]> {
  const { data: user } = await owner.auth.getUser();
  const { data, error } = await owner.storage.from('datasets').list(`${user.user?.id ?? ''}/${datasetId}`);
  if (error) throw new Error(error.message);
  // @supabase/lite names objects by their whole key, Supabase Storage by the name in the folder
  return data.map((object) => object.name.split('/').pop() ?? object.name);
}

const workspacePath = (path: string) => join(uiSession().workspace, path);
function writeWorkspaceFile(path: string, text: string): void {
  mkdirSync(dirname(workspacePath(path)), { recursive: true });
  writeFileSync(workspacePath(path), text);
}
const SUPABASE_SETTINGS = { 'refinery.store': 'supabase', 'refinery.supabase.url': env.SUPABASE_TEST_URL, 'refinery.supabase.anonKey': env.SUPABASE_TEST_ANON_KEY };

const accountStatus = (page: Page) => page.locator('.statusbar-item[id$="refinery.account"]');

async function answerInputBox(page: Page, prompt: RegExp, value: string): Promise<void> {
  const widget = page.locator('.quick-input-widget', { hasText: prompt });
  await widget.waitFor({ state: 'visible', timeout: 20_000 });
  await widget.locator('input').first().fill(value);
  await page.keyboard.press('Enter');
}

const datasetsPane = (page: Page) => refineryPane(page, /^datasets$/i);

/** The one visible webview (the editors are closed before a panel opens). */
function visibleWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}

/** Waits for a notification in the Notifications center (no toasts under the test driver), then hides the center. */
async function notification(page: Page, text: RegExp): Promise<void> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) await runCommand(page, 'Notifications: Show Notifications');
  await center.waitFor({ state: 'visible', timeout: 15_000 });
  await center.locator('.notification-list-item-message', { hasText: text }).first().waitFor({ timeout: 60_000 });
  await hideNotifications(page);
}

/** Switches the colour theme as a user does: Preferences: Color Theme, type its name, Enter. */
async function useTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  const isDark = async () => (await page.locator('.monaco-workbench.vs-dark').count()) > 0;
  if ((await isDark()) === (theme === 'dark')) return;
  const name = theme === 'dark' ? 'Dark Modern' : 'Light Modern';
  await runCommand(page, 'Preferences: Color Theme');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input.input').fill(name);
  await widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await waitUntil(`the ${theme} theme`, async () => (await isDark()) === (theme === 'dark'), 15_000);
  await page.waitForTimeout(500); // webviews restyle from the new --vscode-* variables
}

suite('UI: datasets as objects — import once, Datasets view, 100-row preview, run from the view, versions, delete', function () {
  this.timeout(300_000);
  let page: Page;
  let datasetId = '';

  suiteSetup(async () => {
    assert.ifError((await owner.auth.signUp({ email, password })).error);
    writeWorkspaceFile(CSV_PATH, csvText(csvRows()));
    writeWorkspaceFile('stored/echo.prompt', '---\nmodel: sim/echo\n---\n{{role "user"}}{{ticket}}\n');
    updateUserSettings((settings) => Object.assign(settings, SUPABASE_SETTINGS));
    page = await openWorkbench();
  });

  const step = sequentialSteps(() => page);

  suiteTeardown(async () => {
    if (page) {
      await runCommand(page, 'Refinery: Sign Out').catch(() => undefined);
      await page.close();
    }
    updateUserSettings((settings) => {
      for (const key of Object.keys(SUPABASE_SETTINGS)) delete settings[key];
    });
  });

  step('signed in to Supabase, importing the same CSV twice from the Explorer keeps one dataset', async () => {
    await explorerItem(page, 'stored/echo.prompt'); // shows the folder; the extension activates on the view
    await runCommand(page, 'Refinery: Sign In');
    await pickOne(page, /E-mail and password/);
    await answerInputBox(page, /E-mail address of your Supabase account/, email);
    await answerInputBox(page, new RegExp(`Password for ${email}`), password);
    await answerDialog(page, /Upload your local prompts/, 'Not Now');
    await waitUntil('the account in the status bar', async () => (await accountStatus(page).innerText()).includes(email), 60_000);

    await contextMenu(page, await explorerItem(page, CSV_PATH), 'Import Dataset');
    await notification(page, new RegExp(`imported ${ROWS} rows from ${CSV_NAME.replace('.', '\\.')} as version 1`));
    await contextMenu(page, await explorerItem(page, CSV_PATH), 'Import Dataset');
    await notification(page, /is stored already with the same content/);
    const stored = await storedDatasets();
    assert.equal(stored.length, 1, 'one dataset for two imports of the same file');
    datasetId = stored[0]?.id ?? '';
    assert.equal(await rowCount(datasetId), ROWS);
    assert.deepEqual(await storageObjects(datasetId), [CSV_NAME], 'the file is in Storage under the dataset');
  });

  step('the Datasets view lists it: name, rows × columns, size, runs, source file', async () => {
    const pane = await datasetsPane(page);
    const row = pane.locator('.monaco-list-row', { hasText: CSV_NAME }).first();
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    assert.match(text, /120 rows × 3 columns · \d+(\.\d)? KB · 0 runs · stored\/preview-120\.csv/);
  });

  step('Preview: metadata, a type guess and empty count per column, the first 100 rows as in the file', async () => {
    await runCommand(page, 'View: Close All Editors');
    const pane = await datasetsPane(page);
    await contextMenu(page, pane.locator('.monaco-list-row', { hasText: CSV_NAME }).first(), 'Preview Dataset');
    const preview = visibleWebview(page);
    await preview.locator('[data-testid="preview-meta"]').waitFor({ timeout: 30_000 });
    assert.equal(await preview.locator('[data-testid="preview-rows"]').innerText(), '120');
    assert.match(await preview.locator('[data-testid="preview-shown"]').innerText(), /first 100 of 120 rows/);
    const headers = await preview.locator('[data-testid="column-header"]').allInnerTexts();
    assert.deepEqual(
      headers.map((h) => h.replace(/\s+/g, ' ').trim()),
      ['id integer 0 empty', 'ticket text 0 empty', 'note text 10 empty'],
    );
    const file = csvRows();
    const expectRow = async (index: number) => {
      const row = preview.locator('[data-testid="preview-row"]', { has: preview.locator('.row-index', { hasText: new RegExp(`^#${index}$`) }) });
      await row.waitFor({ timeout: 10_000 });
      const cells = (await row.locator('[role="gridcell"]').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(cells, file[index - 1], `row ${index} as in the file`);
    };
    await expectRow(1);
    await expectRow(5);
    await preview.locator('[data-testid="grid"]').evaluate((grid: { scrollTop: number; scrollHeight: number }) => {
      grid.scrollTop = grid.scrollHeight;
    });
    await expectRow(SHOWN);
    assert.equal(await preview.locator('.row-index', { hasText: /^#101$/ }).count(), 0, 'no row beyond the first 100');
    await preview.locator('[data-testid="grid"]').evaluate((grid: { scrollTop: number }) => {
      grid.scrollTop = 0;
    });
    await expectRow(1);
    await useTheme(page, 'dark');
    await screenshot(page, 'dataset-preview-dark');
    await useTheme(page, 'light');
    await screenshot(page, 'dataset-preview-light');
  });

  step('Run a Prompt Against It… from the view: the run is in the Runs view and its grid, on the stored rows', async () => {
    await runCommand(page, 'View: Close All Editors');
    const pane = await datasetsPane(page);
    await contextMenu(page, pane.locator('.monaco-list-row', { hasText: CSV_NAME }).first(), 'Run a Prompt Against It');
    await pickOne(page, /echo\.prompt/);
    const grid = visibleWebview(page);
    await waitUntil('the first cells in the grid', async () => (await grid.locator('[role="gridcell"]').count()) > 0, 60_000);
    assert.match(await grid.locator('[role="gridcell"][data-row="0"][data-model="0"]').innerText(), /echo: Ticket 1: the invoice shows 0 EUR twice/);
    const Run = z.object({ id: z.string(), status: z.string() });
    let run: z.infer<typeof Run> | undefined;
    await waitUntil('the run to complete in the store', async () => {
      const { data } = await owner.from('run').select('id, status').eq('dataset_id', datasetId);
      run = z.array(Run).parse(data)[0];
      return run?.status === 'completed';
    }, 120_000);
    const { data: counted } = await owner.from('run_cell_count').select('cell_count').eq('run_id', run?.id ?? '');
    assert.deepEqual(counted, [{ cell_count: ROWS }], 'one cell per stored row');
    assert.equal((await storedDatasets()).length, 1, 'the run imported nothing');

    const runs = await refineryPane(page, /^runs$/i);
    await runs.locator('.monaco-list-row[aria-level="1"]', { hasText: 'echo' }).first().waitFor({ timeout: 30_000 });
    await runs.locator('.monaco-list-row[aria-level="2"]').first().waitFor({ timeout: 30_000 });
    const datasets = await datasetsPane(page);
    await waitUntil('the view to count the run', async () => /· 1 run ·/.test(await datasets.locator('.monaco-list-row', { hasText: CSV_NAME }).first().innerText()));
  });

  step('a changed file, re-imported from the view, becomes version 2 grouped under the same name', async () => {
    writeWorkspaceFile(CSV_PATH, csvText(csvRows(1)));
    const pane = await datasetsPane(page);
    await contextMenu(page, pane.locator('.monaco-list-row', { hasText: CSV_NAME }).first(), 'Re-import from File');
    await notification(page, /as version 2/);
    const stored = await storedDatasets();
    assert.deepEqual(stored.map((d) => [d.version, d.previous_version_id]), [[1, null], [2, datasetId]]);
    const group = pane.locator('.monaco-list-row[aria-level="1"]', { hasText: CSV_NAME }).first();
    await waitUntil('the versions group', async () => /2 versions/.test(await group.innerText()));
    await pane.locator('.monaco-list-row[aria-level="2"]', { hasText: /^v2/ }).first().waitFor({ timeout: 15_000 });
    await useTheme(page, 'dark');
    await screenshot(page, 'datasets-view-dark');
    await useTheme(page, 'light');
    await screenshot(page, 'datasets-view-light');
  });

  step('Delete asks; an unused version loses its rows and its Storage object', async () => {
    const v2 = (await storedDatasets()).find((d) => d.version === 2);
    assert.ok(v2);
    const pane = await datasetsPane(page);
    await contextMenu(page, pane.locator('.monaco-list-row[aria-level="2"]', { hasText: /^v2/ }).first(), 'Delete Dataset');
    const dialog = page.locator('.monaco-dialog-box', { hasText: /Delete dataset preview-120\.csv \(version 2, 121 rows\)/ });
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /No run used it/);
    await answerDialog(page, /Delete dataset preview-120\.csv/, 'Delete');
    await waitUntil('version 2 gone from the store', async () => !(await storedDatasets()).some((d) => d.id === v2.id));
    assert.equal(await rowCount(v2.id), 0, 'its rows are deleted');
    assert.deepEqual(await storageObjects(v2.id), [], 'its Storage object is removed');
  });

  step('Delete the version the run used: it says so; the Storage object goes, the run keeps its rows and stays readable', async () => {
    const pane = await datasetsPane(page);
    await waitUntil('version 1 alone again', async () => (await pane.locator('.monaco-list-row', { hasText: /versions/ }).count()) === 0);
    await contextMenu(page, pane.locator('.monaco-list-row', { hasText: CSV_NAME }).first(), 'Delete Dataset');
    const dialog = page.locator('.monaco-dialog-box', { hasText: /Delete dataset preview-120\.csv \(version 1, 120 rows\)/ });
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /1 run used it: the rows their cells ran on are kept/);
    await answerDialog(page, /Delete dataset preview-120\.csv/, 'Delete');
    await waitUntil('the dataset marked deleted', async () => (await storedDatasets()).find((d) => d.id === datasetId)?.status === 'deleted');
    assert.deepEqual(await storageObjects(datasetId), [], 'its Storage object is removed');
    assert.equal(await rowCount(datasetId), ROWS, 'the rows the run ran on stay');
    await waitUntil('the view to drop it', async () => (await pane.locator('.monaco-list-row', { hasText: CSV_NAME }).count()) === 0);

    await runCommand(page, 'View: Close All Editors');
    const runs = await refineryPane(page, /^runs$/i);
    await runs.locator('.monaco-list-row[aria-level="2"]').first().click();
    const grid = visibleWebview(page);
    await waitUntil('the run grid', async () => (await grid.locator('[role="gridcell"]').count()) > 0, 60_000);
    assert.match(await grid.locator('[role="gridcell"][data-row="0"][data-model="0"]').innerText(), /echo: Ticket 1: the invoice shows 0 EUR twice/);
  });
});
