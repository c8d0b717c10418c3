/**
 * Issue 29 in the real VS Code, on the fixture workspace with a price for the fake model (so
 * every run and re-run asks before it spends): a cancelled run shows the cells it never reached
 * as "not run"; Re-run failed asks, with the cost, and runs exactly the cells it names (the fake
 * server's request log says which); PageDown + Enter opens the cell the user sees; the row column
 * resizes from the keyboard; the Runs view says what the grid header says; the grid's badge and
 * delta colours keep 4.5:1 in light, dark and high-contrast themes (measured in the workbench);
 * screenshots at 1440×900 and 1024×700; a run deleted from the Runs view, asked first.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import {
  acceptJudge,
  answerDialog,
  contextMenu,
  explorerItem,
  fakeServer,
  openWorkbench,
  pickMany,
  pickOne,
  refineryPane,
  resultsPanel,
  runCommand,
  screenshot,
  selectColorTheme,
  sequentialSteps,
  uiSession,
  askCostBeforeEveryRun,
  waitUntil,
} from './harness';
import { cell } from './run-flow';
import { measureContrast } from './contrast';

const MODEL = 'fake/triage-small';
const MANY = 'data/many-tickets.csv';
const TICKETS = 'data/tickets.csv';

/** The cell key the fake server counts requests by (the last user message): the ticket of each row. */
function ticketsOf(dataset: string): string[] {
  const [, ...lines] = readFileSync(join(uiSession().workspace, dataset), 'utf8').trim().split('\n');
  return lines.map((line) => line.slice(0, line.lastIndexOf(',')));
}

/** Which tickets the model was asked about since the last reset (grader calls have other keys). */
async function askedTickets(dataset: string): Promise<string[]> {
  const tickets = ticketsOf(dataset);
  const { perKey } = await fakeServer.stats();
  return tickets.filter((ticket) => (perKey[ticket]?.received ?? 0) > 0);
}

async function runAgainst(page: Page, prompt: string, dataset: RegExp, graded: boolean): Promise<FrameLocator> {
  await contextMenu(page, await explorerItem(page, prompt), 'Run Against Dataset');
  await pickOne(page, dataset);
  await pickMany(page, [MODEL]);
  if (graded) await acceptJudge(page);
  await answerDialog(page, /will cost up to about \$/, 'Run');
  return resultsPanel(page);
}

async function toolbarText(panel: FrameLocator, testId: string): Promise<string> {
  return (await panel.locator(`[data-testid="${testId}"]`).innerText()).trim();
}

async function waitForStatus(panel: FrameLocator, status: string, progress: string, timeoutMs = 120_000): Promise<void> {
  await waitUntil(`the run ${status} at ${progress}`, async () => (await toolbarText(panel, 'run-status')) === status && (await toolbarText(panel, 'progress')) === progress, timeoutMs);
}

/** The dataset rows (data-row) whose cell shows "not run". */
async function notRunRows(panel: FrameLocator): Promise<number[]> {
  const rows = await panel.locator('[role="gridcell"].cell-not-run').evaluateAll((cells: Array<{ getAttribute(name: string): string | null }>) => cells.map((c) => Number(c.getAttribute('data-row'))));
  return rows.sort((a, b) => a - b);
}

/** Scrolls the grid through every row so the virtualized rows are all counted once. */
async function everyNotRunRow(panel: FrameLocator): Promise<number[]> {
  const scroll = panel.locator('[data-testid="grid"]');
  const seen = new Set<number>();
  const height = await scroll.evaluate((el: { scrollHeight: number }) => el.scrollHeight);
  for (let top = 0; top <= height; top += 300) {
    await scroll.evaluate((el: { scrollTop: number }, y: number) => {
      el.scrollTop = y;
    }, top);
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const row of await notRunRows(panel)) seen.add(row);
  }
  await scroll.evaluate((el: { scrollTop: number }) => {
    el.scrollTop = 0;
  });
  return [...seen].sort((a, b) => a - b);
}

/** Scrolls the virtualized grid until the row's cells are rendered. */
async function scrollToRow(panel: FrameLocator, row: number): Promise<void> {
  const scroll = panel.locator('[data-testid="grid"]');
  await waitUntil(`row ${row} rendered`, async () => {
    await scroll.evaluate((el: { scrollTop: number }, y: number) => {
      el.scrollTop = y;
    }, row * 80);
    return (await cell(panel, row, 0).count()) === 1;
  }, 10_000);
  await cell(panel, row, 0).scrollIntoViewIfNeeded();
}

const THEMES = {
  'Light Modern': '.monaco-workbench.vs:not(.vs-dark)',
  'Dark Modern': '.monaco-workbench.vs-dark',
  'Dark High Contrast': '.monaco-workbench.hc-black',
  'Light High Contrast': '.monaco-workbench.hc-light',
} as const;

async function useTheme(page: Page, theme: keyof typeof THEMES): Promise<void> {
  await selectColorTheme(page, theme);
  await page.locator(THEMES[theme]).waitFor({ timeout: 15_000 });
}

/** The Runs view's rows, level 1 (prompts) and 2 (their runs, newest first), as text. */
async function runsViewRows(page: Page): Promise<Array<{ level: string | null; text: string }>> {
  const runsView = await refineryPane(page, /^runs$/i);
  await runsView.locator('.monaco-list-row[aria-level="2"]').first().waitFor({ timeout: 15_000 });
  return runsView.locator('.monaco-list-row').evaluateAll((rows: Array<{ getAttribute(name: string): string | null; textContent: string | null }>) =>
    rows.map((row) => ({ level: row.getAttribute('aria-level'), text: row.textContent ?? '' })),
  );
}

/** The run rows listed under a prompt of the Runs view. */
function runsUnder(rows: Array<{ level: string | null; text: string }>, prompt: string): string[] {
  const at = rows.findIndex((row) => row.level === '1' && row.text.includes(prompt));
  if (at < 0) return [];
  const runs: string[] = [];
  for (const row of rows.slice(at + 1)) {
    if (row.level !== '2') break;
    runs.push(row.text);
  }
  return runs;
}

suite('UI: cancel, Re-run failed, the keyboard, contrast, screenshots and Delete Run (issue 29)', function () {
  this.timeout(600_000);
  let page: Page;

  suiteSetup(async () => {
    askCostBeforeEveryRun(true);
    page = await openWorkbench();
  });

  const step = sequentialSteps(() => page);

  suiteTeardown(async () => {
    askCostBeforeEveryRun(false);
    await fakeServer.setOptions({ latencyMs: 0, faultsPerKey: {} }).catch(() => undefined);
    if (page) await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await page?.close();
  });

  step('Cancel in the grid: the run ends cancelled and every cell it never reached shows "not run", none pending', async () => {
    await fakeServer.setOptions({ latencyMs: 400 });
    await fakeServer.reset();
    const panel = await runAgainst(page, 'prompts/triage.prompt', /many-tickets\.csv/, false);
    const total = ticketsOf(MANY).length;
    await waitUntil('a few answers', async () => Number((await toolbarText(panel, 'progress')).split('/')[0]) >= 4, 60_000);
    await panel.locator('[data-testid="cancel"]').click();
    await waitUntil('the run cancelled', async () => (await toolbarText(panel, 'run-status')) === 'cancelled', 30_000);
    await fakeServer.setOptions({ latencyMs: 0 });
    assert.equal(await panel.locator('[role="gridcell"].cell-pending').count(), 0, 'a pending spinner on a cancelled run');
    const done = Number((await toolbarText(panel, 'progress')).split('/')[0]);
    assert.ok(done >= 4 && done < total, `${done} of ${total} cells done`);
    assert.equal(await toolbarText(panel, 'not-run'), `· ${total - done} not run`);
    const notRun = await everyNotRunRow(panel);
    assert.equal(notRun.length, total - done, 'the grid’s not-run cells and the toolbar’s count');
    // the grade panel of such a cell says so
    const first = notRun[0] ?? -1;
    await scrollToRow(panel, first);
    await cell(panel, first, 0).click();
    await panel.locator('[data-testid="not-run-note"]').waitFor({ timeout: 10_000 });
    await panel.locator('[data-testid="close-panel"]').click();
  });

  step('Re-run failed on the cancelled run asks, with the cost, and runs exactly the cells that never ran', async () => {
    const panel = resultsPanel(page);
    const notRun = await everyNotRunRow(panel);
    const tickets = ticketsOf(MANY);
    await fakeServer.reset();
    await panel.locator('[data-testid="rerun-failed"]').click();
    const dialog = page.locator('.monaco-dialog-box', { hasText: /never ran/ });
    await dialog.waitFor({ timeout: 60_000 });
    const message = await dialog.innerText();
    assert.match(message, new RegExp(`no cell of triage errored, failed or is ungraded, but ${notRun.length} cells never ran`));
    assert.match(message, /It will cost (up to )?about \$/);
    assert.equal(await fakeServer.stats().then((s) => s.totalRequests), 0, 'nothing ran before the answer');
    await answerDialog(page, /never ran/, `Run ${notRun.length} Cells Not Run`);
    await waitForStatus(panel, 'completed', `${tickets.length}/${tickets.length}`);
    assert.deepEqual(await askedTickets(MANY), notRun.map((row) => tickets[row]), 'the server was asked about exactly the cells that never ran');
    assert.equal((await fakeServer.stats()).totalRequests, notRun.length, 'one request per such cell');
    assert.deepEqual(await everyNotRunRow(panel), []);
  });

  step('PageDown moves the selection a page down with the view, and Enter opens the cell the user sees; the row column resizes from the keyboard', async () => {
    const panel = resultsPanel(page);
    await cell(panel, 0, 0).click();
    await panel.locator('[data-testid="grade-panel"]').waitFor();
    await page.keyboard.press('Escape');
    await panel.locator('[data-testid="grade-panel"]').waitFor({ state: 'detached', timeout: 10_000 });
    const selectedRow = async () => Number(await panel.locator('[role="gridcell"][aria-selected="true"]').getAttribute('data-row'));
    assert.equal(await selectedRow(), 0);
    await page.keyboard.press('PageDown');
    await waitUntil('the selection to move', async () => (await selectedRow()) > 0, 10_000);
    const row = await selectedRow();
    assert.ok(row >= 2, `PageDown moved the selection to row ${row} only`);
    // the selected cell is in view, under the sticky header
    const scrollBox = await panel.locator('[data-testid="grid"]').boundingBox();
    const headBox = await panel.locator('.grid-head').boundingBox();
    const cellBox = await cell(panel, row, 0).boundingBox();
    assert.ok(scrollBox && headBox && cellBox, 'boxes of the grid, its header and the selected cell');
    assert.ok(cellBox.y >= headBox.y + headBox.height - 1 && cellBox.y + cellBox.height <= scrollBox.y + scrollBox.height + 1, 'the selected cell is in view');
    await page.keyboard.press('Enter');
    const gradePanel = panel.locator('[data-testid="grade-panel"]');
    await gradePanel.waitFor({ timeout: 10_000 });
    await waitUntil(`the grade panel of row ${row}`, async () => (await gradePanel.locator('.muted', { hasText: /^row \d+$/ }).first().innerText()).trim() === `row ${row}`, 10_000);
    await page.keyboard.press('PageUp');
    await waitUntil('PageUp back to the first row', async () => (await selectedRow()) === 0, 10_000);
    await panel.locator('[data-testid="close-panel"]').click();

    const rowHeader = panel.locator('.grid-row .row-header').first();
    const before = (await rowHeader.boundingBox())?.width ?? 0;
    await panel.locator('[data-testid="row-column-resizer"]').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await waitUntil('the row column 60 px wider', async () => Math.round(((await rowHeader.boundingBox())?.width ?? 0) - before) === 60, 10_000);
  });

  step('a graded run: the Runs view says what the grid header says (same pass rate, same rounding)', async () => {
    await runCommand(page, 'View: Close All Editors');
    const panel = await runAgainst(page, 'prompts/graded.prompt', /(^|\/|\s)tickets\.csv/, true);
    await waitForStatus(panel, 'completed', '4/4');
    const header = panel.locator('.model-header').first();
    const passRate = (await header.locator('[data-testid="pass-rate"]').innerText()).trim();
    assert.equal(passRate, 'passed 50% 2/4');
    await waitUntil('the run in the Runs view', async () => (runsUnder(await runsViewRows(page), 'graded')[0] ?? '').includes('passed'), 30_000);
    const runRow = runsUnder(await runsViewRows(page), 'graded')[0] ?? '';
    assert.match(runRow, /tickets\.csv · fake\/triage-small · .*50% passed · \$[0-9.]+ · p50 /, `the Runs view row: ${runRow}`);
    const cost = (await header.locator('.stat', { hasText: 'cost' }).innerText()).replace(/^cost\s+/, '').trim();
    assert.ok(runRow.includes(`· ${cost} ·`), `the Runs view's cost is the grid's ${cost}: ${runRow}`);
  });

  step('a second run where one call errors, compared with the first: deltas and marks; contrast measured in four themes; screenshots', async () => {
    const ticket = ticketsOf(TICKETS)[1] ?? '';
    await fakeServer.setOptions({ faultsPerKey: { [ticket]: ['500', '500', '500', '500', '500', '500'] } });
    await fakeServer.reset();
    await runCommand(page, 'View: Close All Editors');
    const panel = await runAgainst(page, 'prompts/graded.prompt', /(^|\/|\s)tickets\.csv/, true);
    await waitForStatus(panel, 'completed', '4/4', 180_000);
    await cell(panel, 1, 0).locator('.badge-error').waitFor({ timeout: 10_000 });
    await panel.locator('[data-testid="compare"]').click();
    await pickOne(page, /graded · /);
    await panel.locator('[data-testid="baseline"]').waitFor({ timeout: 20_000 });
    const deltas = panel.locator('.model-header').first().locator('[data-testid="deltas"]');
    await deltas.waitFor({ timeout: 20_000 });
    assert.equal((await deltas.getByTestId('delta-pass').innerText()).trim(), 'passed −25 pts');
    assert.equal(await deltas.locator('.delta-worse').count() > 0, true, 'a worse delta');
    assert.equal(await deltas.locator('.delta-better').count() > 0, true, 'a better delta (the errored call cost nothing)');
    assert.equal(await cell(panel, 1, 0).locator('[data-testid="change-badge"]').getAttribute('data-change'), 'regressed');

    for (const theme of Object.keys(THEMES) as Array<keyof typeof THEMES>) {
      await useTheme(page, theme);
      const report = await measureContrast(panel, theme);
      console.log(`      contrast in ${theme}: ${report.lowest.ratio.toFixed(2)}:1 lowest (${report.lowest.what}), ${report.samples} pairs measured`);
      const low = report.failures.map((f) => `${f.what}: ${f.ratio.toFixed(2)}:1`);
      assert.deepEqual(low, [], `text below 4.5:1 in ${theme}`);
    }
    for (const [theme, name] of [['Light Modern', 'light'], ['Dark Modern', 'dark']] as const) {
      await useTheme(page, theme);
      for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(300); // the webview lays out at the new size
        await cell(panel, 0, 0).click();
        await panel.locator('[data-testid="grade-panel"] [data-testid="manual-note"]').waitFor({ timeout: 15_000 });
        await screenshot(page, `first-hour-compare-${name}-${width}x${height}`);
        await panel.locator('[data-testid="close-panel"]').click();
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await useTheme(page, 'Dark Modern');
  });

  step('Re-run failed on that run asks, with the cost, and runs exactly the errored and failed cells', async () => {
    const panel = resultsPanel(page);
    const tickets = ticketsOf(TICKETS);
    await fakeServer.setOptions({ faultsPerKey: {} }); // the server answers row 1 this time
    await fakeServer.reset();
    await panel.locator('[data-testid="rerun-failed"]').click();
    const dialog = page.locator('.monaco-dialog-box', { hasText: /re-running 3 cells/ });
    await dialog.waitFor({ timeout: 60_000 });
    assert.match(await dialog.innerText(), /re-running 3 cells of graded \(1 errored, 2 failed\) will cost (up to )?about \$[0-9.]+/);
    await answerDialog(page, /re-running 3 cells/, 'Re-run 3 Cells');
    await waitUntil('row #1 graded again', async () => (await cell(panel, 1, 0).locator('.badge-pass').count()) === 1, 60_000);
    await waitForStatus(panel, 'completed', '4/4');
    assert.deepEqual(await askedTickets(TICKETS), [tickets[0], tickets[1], tickets[2]], 'the model was asked about rows 0–2 only');
    const { perKey } = await fakeServer.stats();
    for (const ticket of tickets.slice(0, 3)) assert.equal(perKey[ticket ?? '']?.received, 1, `one request for ${ticket}`);
  });

  step('Delete Run… from the Runs view asks first, closes the run’s tab and removes its row', async () => {
    // the view fills in as it becomes visible; other suites of the session may have run graded too
    let before: string[] = [];
    await waitUntil('this suite’s two runs of graded in the Runs view', async () => (before = runsUnder(await runsViewRows(page), 'graded')).length >= 2, 20_000);
    // Count from a fresh read of the store: the view may still be catching up with runs that
    // ended in earlier steps (seen in the full suite on a busy machine: one more run after this read).
    const runsPane = await refineryPane(page, /^runs$/i);
    await runsPane.locator('.pane-header').hover(); // a pane's actions show while it is hovered
    await runsPane.locator('.pane-header .actions .action-label[aria-label^="Refresh Runs"]').first().click();
    await waitUntil('the Runs view read again', async () => {
      const now = runsUnder(await runsViewRows(page), 'graded');
      const settled = now.length === before.length;
      before = now;
      return settled;
    }, 20_000);
    const rows = (await refineryPane(page, /^runs$/i)).locator('.monaco-list-row');
    const all = await runsViewRows(page);
    const at = all.findIndex((row) => row.level === '1' && row.text.includes('graded'));
    await contextMenu(page, rows.nth(at + 1), 'Delete Run');
    const dialog = page.locator('.monaco-dialog-box', { hasText: /Delete the run graded · tickets\.csv · fake\/triage-small · .* and its 4 cells\?/ });
    await dialog.waitFor({ timeout: 20_000 });
    await answerDialog(page, /Delete the run graded/, 'Delete');
    await waitUntil('one run of graded fewer', async () => runsUnder(await runsViewRows(page), 'graded').length === before.length - 1, 20_000);
    await waitUntil('its results tab closed', async () => (await page.locator('iframe.webview.ready').count()) === 0, 20_000);
    assert.equal(runsUnder(await runsViewRows(page), 'graded')[0], before[1], 'the other run stays');
  });
});
