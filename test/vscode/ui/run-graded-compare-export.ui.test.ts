/**
 * Issue 5 end to end in the real VS Code: a run with a grader (and an assertion) against the fake
 * provider, two grades overridden in the grade panel (and an Undo), the grid exported through the
 * save dialog — the file must hold what the grid shows — then a second run, confirmed in the
 * cost dialog, compared with the first as its baseline: the grid marks the two changed cells.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { FrameLocator, Page } from 'playwright-core';
import { z } from 'zod';
import { formatUsd } from '../../../src/shared/stats/format-table';
import {
  acceptJudge,
  answerDialog,
  contextMenu,
  explorerItem,
  gridCells,
  openWorkbench,
  pickMany,
  pickOne,
  resultsPanel,
  runCommand,
  screenshot,
  sequentialSteps,
  uiSession,
  askCostBeforeEveryRun,
  waitUntil,
} from './harness';
import { cell } from './run-flow';

const PROMPT = 'prompts/graded.prompt';
const MODEL = 'fake/triage-small';
const ROWS = 4; // data/tickets.csv: billing, bug, account, bug — the grader passes the bug rows
const GRADER = 'graders/is-bug.prompt';

/** Right-click → Run Against Dataset → tickets.csv → the fake model; resolves once every cell is in. */
async function runGraded(page: Page, confirmCost: boolean): Promise<FrameLocator> {
  await contextMenu(page, await explorerItem(page, PROMPT), 'Run Against Dataset');
  await pickOne(page, /(^|\/|\s)tickets\.csv/);
  await pickMany(page, [MODEL]);
  await acceptJudge(page);
  if (confirmCost) await answerDialog(page, /will cost up to about \$/, 'Run');
  const panel = resultsPanel(page);
  await waitUntil(
    `the grid to show ${ROWS} graded cells`,
    async () => (await gridCells(panel).count()) === ROWS && (await panel.locator('[role="gridcell"] .badge-pass, [role="gridcell"] .badge-fail').count()) === ROWS,
    90_000,
  );
  return panel;
}

/** What the grid shows of a cell, read from the webview DOM. */
interface ShownCell {
  output: string;
  /** e.g. "pass 1.00" */
  auto: string;
  /** "pass" / "fail" / "" (no manual grade) */
  manual: string;
  /** "12 ms · 30 → 9 tok · —" */
  meta: string;
}

async function shownCell(panel: FrameLocator, row: number): Promise<ShownCell> {
  const at = cell(panel, row, 0);
  // one read that does not wait: a badge that goes between a count and a read (Undo) would make
  // innerText wait for it for Playwright's 30 s
  const manual = await at.locator('.badge-manual').allInnerTexts();
  return {
    output: (await at.locator('.cell-output').innerText()).trim(),
    auto: (await at.locator('.badge-pass, .badge-fail').first().innerText()).trim(),
    manual: (manual[0] ?? '').trim(),
    meta: (await at.locator('.cell-meta').innerText()).trim(),
  };
}

async function setManualGrade(panel: FrameLocator, row: number, verdict: 'pass' | 'fail', note: string): Promise<void> {
  await cell(panel, row, 0).click();
  const gradePanel = panel.locator('[data-testid="grade-panel"]');
  await gradePanel.waitFor();
  await gradePanel.locator(`[data-testid="verdict-${verdict}"]`).click();
  await gradePanel.locator('[data-testid="manual-note"] textarea').fill(note);
  await gradePanel.locator('[data-testid="save-grade"]').click();
  await waitUntil(`row ${row}'s manual ${verdict}`, async () => (await shownCell(panel, row)).manual === verdict, 15_000);
}

const exportRowSchema = z.record(z.string(), z.string());

suite('UI: grade, override, export, run again and compare with the baseline', function () {
  this.timeout(300_000);
  let page: Page;
  const shown: ShownCell[] = [];

  suiteSetup(async () => {
    askCostBeforeEveryRun(true);
    page = await openWorkbench();
  });

  const step = sequentialSteps(() => page);

  suiteTeardown(async () => {
    askCostBeforeEveryRun(false);
    // the next suites open the workbench afresh: leave no results panel to restore
    if (page) await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await page?.close();
  });

  step('a run with a grader and an assertion, confirmed in the cost dialog: each verdict and reason in the grade panel', async () => {
    const panel = await runGraded(page, true);
    for (const row of [1, 3]) assert.equal((await shownCell(panel, row)).auto, 'pass 1.00', `row ${row} (a bug) passes`);
    for (const row of [0, 2]) assert.equal((await shownCell(panel, row)).auto, 'fail 0.00', `row ${row} fails`);
    const header = panel.locator('.model-header').first();
    assert.equal((await header.locator('[data-testid="pass-rate"]').innerText()).trim(), 'passed 50% 2/4');

    await cell(panel, 0, 0).click();
    const graders = panel.locator('[data-testid="grade-panel"] .grader');
    await waitUntil('both verdicts in the grade panel', async () => (await graders.count()) === 2);
    const texts = (await graders.allInnerTexts()).join('\n');
    assert.match(texts, new RegExp(`${GRADER.replace(/[./]/g, '\\$&')}[\\s\\S]*fail[\\s\\S]*not a bug report`));
    assert.match(texts, /assert:contains[\s\S]*pass/);
  });

  step('override two grades in the grade panel; Undo restores a third to no manual grade', async () => {
    const panel = resultsPanel(page);
    await setManualGrade(panel, 0, 'pass', 'billing is right here');
    await setManualGrade(panel, 1, 'fail', 'not really a bug');
    await setManualGrade(panel, 2, 'pass', 'a slip of the hand');
    const undo = panel.locator('[data-testid="undo-bar"]');
    assert.match(await undo.innerText(), /Manual grade saved on row #2/);
    await undo.locator('[data-testid="undo-grade"]').click();
    await waitUntil('row 2 back to no manual grade', async () => (await shownCell(panel, 2)).manual === '', 15_000);
    assert.equal((await shownCell(panel, 1)).manual, 'fail', 'Undo touched only the last change');

    const header = panel.locator('.model-header').first();
    assert.equal((await header.locator('[data-testid="human-pass-rate"]').innerText()).trim(), 'human 50% 1/2');
    // the grader said fail / pass, the people pass / fail: they agree on none of the 2
    assert.equal((await header.locator('[data-testid="agreement"]').innerText()).trim(), 'agree 0% n=2');
    for (let row = 0; row < ROWS; row++) shown.push(await shownCell(panel, row));
    await panel.locator('[data-testid="close-panel"]').click();
    await screenshot(page, 'grades-agreement-dark');
  });

  step('export CSV through the save dialog: the file holds what the grid shows, manual grades flagged', async () => {
    const panel = resultsPanel(page);
    await panel.locator('[data-testid="export"]').click();
    const dialog = page.locator('.quick-input-widget');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    // the simple save dialog fills in the folder, then the proposed name: <prompt>-<run>.csv
    const input = dialog.locator('input').first();
    await waitUntil('the save dialog to propose graded-<run>.csv', async () => /\/graded-[0-9a-f]{8}\.csv$/.test(await input.inputValue()), 20_000);
    assert.equal((await input.inputValue()).replace(/\/graded-[0-9a-f]{8}\.csv$/, ''), uiSession().workspace, 'in the workspace folder');
    await page.keyboard.press('Enter');
    const workspace = uiSession().workspace;
    const exported = () => readdirSync(workspace).find((name) => /^graded-[0-9a-f]{8}\.csv$/.test(name));
    const parse = (name: string) => Papa.parse(readFileSync(join(workspace, name), 'utf8'), { header: true, skipEmptyLines: true });
    // a field may hold line breaks (the combined grade reason): count parsed records, not lines
    await waitUntil('the exported file', () => {
      const name = exported();
      return Promise.resolve(name !== undefined && parse(name).data.length === ROWS);
    });
    const parsed = parse(exported() ?? '');
    const rows = z.array(exportRowSchema).parse(parsed.data);
    assert.equal(rows.length, ROWS);
    for (const column of [`grade.${GRADER}.pass`, `grade.${GRADER}.score`, 'assert.contains.pass', 'manually_graded', 'manual_pass', 'tokens_in', 'tokens_out', 'cost_usd', 'latency_ms']) {
      assert.ok(parsed.meta.fields?.includes(column), `a column ${column}`);
    }
    for (const [index, row] of rows.entries()) {
      const grid = shown[index];
      assert.ok(grid, `row ${index} was read from the grid`);
      assert.equal(row.row_index, String(index));
      assert.equal(row.output, grid.output, `row ${index}: output`);
      assert.equal(`${row.grade_pass === 'true' ? 'pass' : 'fail'} ${Number(row.grade_score).toFixed(2)}`, grid.auto, `row ${index}: automatic grade`);
      assert.equal(row[`grade.${GRADER}.pass`], row.grade_pass, `row ${index}: the grader's own column`);
      assert.equal(row['assert.contains.pass'], 'true', `row ${index}: the assertion's column`);
      assert.equal(row.manual_pass === 'true' ? 'pass' : row.manual_pass === 'false' ? 'fail' : '', grid.manual, `row ${index}: manual grade`);
      assert.equal(row.manually_graded, grid.manual === '' ? 'false' : 'true', `row ${index}: manual flag`);
      const cost = row.cost_usd === '' ? '—' : formatUsd(Number(row.cost_usd));
      assert.equal(`${row.latency_ms} ms · ${row.tokens_in} → ${row.tokens_out} tok · ${cost}`, grid.meta, `row ${index}: latency, tokens, cost`);
    }
    assert.deepEqual(
      rows.map((r) => [r.manually_graded, r.manual_pass, r.manual_note]),
      [
        ['true', 'true', 'billing is right here'],
        ['true', 'false', 'not really a bug'],
        ['false', '', ''],
        ['false', '', ''],
      ],
    );
  });

  step('run again (the cost dialog asks first), compare with the first run: the two overridden cells are marked', async () => {
    await runCommand(page, 'View: Close All Editors');
    await waitUntil('the results panel to close', async () => (await page.locator('iframe.webview.ready').count()) === 0);
    const panel = await runGraded(page, true);
    assert.equal(await panel.locator('[data-testid="change-badge"]').count(), 0, 'no marks before a baseline is picked');

    await panel.locator('[data-testid="compare"]').click();
    await pickOne(page, /graded · /); // the newest earlier run of this prompt and dataset comes first
    await panel.locator('[data-testid="baseline"]').waitFor({ timeout: 20_000 });
    await waitUntil('the marks', async () => (await panel.locator('[data-testid="change-badge"]').count()) === 2, 20_000);
    // the baseline's people passed row 0 and failed row 1; this run's grader says the opposite
    assert.equal(await cell(panel, 0, 0).locator('[data-testid="change-badge"]').getAttribute('data-change'), 'regressed');
    assert.equal(await cell(panel, 1, 0).locator('[data-testid="change-badge"]').getAttribute('data-change'), 'improved');
    for (const row of [2, 3]) assert.equal(await cell(panel, row, 0).locator('[data-testid="change-badge"]').count(), 0, `row ${row} unchanged`);
    const deltas = panel.locator('.model-header').first().locator('[data-testid="deltas"]');
    assert.equal((await deltas.locator('[data-testid="change-counts"]').innerText()).replace(/\s+/g, ' ').trim(), '▲1 ▼1 ~0');
    assert.match(await deltas.locator('[data-testid="delta-cost"]').innerText(), /^cost [+−±]\$/, 'the cost delta vs the baseline');

    const filter = panel.locator('[data-testid="filter"]');
    await filter.click();
    await filter.getByRole('option', { name: 'Changed vs baseline', exact: true }).click();
    await waitUntil('only the changed rows', async () => (await panel.locator('.grid-row').count()) === 2);
    await screenshot(page, 'compare-dark');
  });
});
