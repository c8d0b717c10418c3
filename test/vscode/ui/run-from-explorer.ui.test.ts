import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { gridCells, openWorkbench, refineryPane, reloadWindow, resultsPanel, runCommand, screenshot, sequentialSteps, selectColorTheme, waitUntil } from './harness';
import { cell, MODELS, ROWS, runFromExplorer } from './run-flow';

const THEMES = { dark: 'Dark Modern', light: 'Light Modern' } as const;

async function useTheme(page: Page, theme: keyof typeof THEMES): Promise<void> {
  await selectColorTheme(page, THEMES[theme]);
  const wantDark = theme === 'dark';
  await waitUntil(`the ${theme} theme`, async () => (await page.locator('.monaco-workbench.vs-dark').count()) > 0 === wantDark, 15_000);
}

suite('UI: a run from the explorer context menu, a manual grade that survives reload', function () {
  this.timeout(240_000);
  let page: Page;

  suiteSetup(async () => {
    page = await openWorkbench();
  });

  const step = sequentialSteps(() => page);

  suiteTeardown(async () => {
    await page?.close();
  });

  step('right-click → Run Against Dataset: the grid shows every row × model', async () => {
    const panel = await runFromExplorer(page);
    for (let row = 0; row < ROWS; row++) {
      for (let model = 0; model < MODELS.length; model++) {
        assert.match(await cell(panel, row, model).innerText(), /echo: /, `cell ${row}/${model}`);
      }
    }
    const headers = await panel.locator('[role="columnheader"] .model-label').allInnerTexts();
    assert.deepEqual(headers.map((h) => h.trim()).sort(), [...MODELS].sort());
    await screenshot(page, 'grid-dark');
  });

  step('select a cell, set a manual grade: it shows beside the automatic grade', async () => {
    const panel = resultsPanel(page);
    await cell(panel, 0, 0).click();
    const gradePanel = panel.locator('[data-testid="grade-panel"]');
    await gradePanel.waitFor();
    assert.match(await gradePanel.locator('[data-testid="detail-output"]').innerText(), /^echo: /);
    await gradePanel.locator('[data-testid="verdict-fail"]').click();
    await gradePanel.locator('[data-testid="manual-score"] input').fill('0.25');
    await gradePanel.locator('[data-testid="manual-note"] textarea').fill('wrong label: should be billing');
    await gradePanel.locator('[data-testid="save-grade"]').click();
    await cell(panel, 0, 0).locator('.codicon-person').waitFor({ timeout: 15_000 });
    await screenshot(page, 'grade-panel-dark');
  });

  step('reload the window: the panel comes back and the grade is still there', async () => {
    await reloadWindow(page);
    const panel = resultsPanel(page);
    await waitUntil('the results panel restored with its cells', async () => (await gridCells(panel).count()) === ROWS * MODELS.length, 60_000);
    await cell(panel, 0, 0).locator('.codicon-person').waitFor({ timeout: 15_000 });
    await cell(panel, 0, 0).click();
    const gradePanel = panel.locator('[data-testid="grade-panel"]');
    await gradePanel.waitFor();
    await waitUntil('the saved note in the form', async () => (await gradePanel.locator('[data-testid="manual-note"] textarea').inputValue()) === 'wrong label: should be billing');
    assert.equal(await gradePanel.locator('[data-testid="manual-score"] input').inputValue(), '0.25');
  });

  step('the grade is in the store: the run reopened from the Runs view shows it', async () => {
    // the restored panel may come from the webview's saved state; a panel opened afresh reads the store
    await runCommand(page, 'View: Close All Editors');
    await waitUntil('the results panel to close', async () => (await page.locator('iframe.webview.ready').count()) === 0);
    await showRunsView(page);
    // the newest run of triage.prompt: the first row under it (runs are listed newest first)
    const rows = page.locator('.sidebar .monaco-list-row');
    const labels = await rows.evaluateAll((elements: Array<{ getAttribute(name: string): string | null; textContent: string | null }>) =>
      elements.map((e) => ({ level: e.getAttribute('aria-level'), text: e.textContent ?? '' })),
    );
    const promptAt = labels.findIndex((row) => row.level === '1' && row.text.includes('prompts/triage.prompt'));
    assert.ok(promptAt >= 0 && labels[promptAt + 1]?.level === '2', `no run under triage.prompt in the Runs view: ${JSON.stringify(labels)}`);
    await rows.nth(promptAt + 1).click();
    const panel = resultsPanel(page);
    await waitUntil('the reopened results panel', async () => (await gridCells(panel).count()) === ROWS * MODELS.length, 60_000);
    await cell(panel, 0, 0).locator('.codicon-person').waitFor({ timeout: 15_000 });
  });

  step('screenshots of the grid, the grade panel and the Runs view in light and dark', async () => {
    const panel = resultsPanel(page);
    await useTheme(page, 'light');
    await cell(panel, 0, 0).click();
    await panel.locator('[data-testid="grade-panel"]').waitFor();
    await screenshot(page, 'grade-panel-light');
    await panel.locator('[data-testid="close-panel"]').click();
    await screenshot(page, 'grid-light');
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      await showRunsView(page);
      await screenshot(page, `runs-view-${theme}`);
    }
  });
});

async function showRunsView(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  const runsView = await refineryPane(page, /^runs$/i);
  // the prompt and, under it, the run just made;
  // the run's summary text changes with manual grades, so it is found by its level in the tree
  await runsView.locator('.monaco-list-row', { hasText: 'triage' }).first().waitFor({ timeout: 15_000 });
  await runsView.locator('.monaco-list-row[aria-level="2"]').first().waitFor({ timeout: 15_000 });
}
