/** The user's way to start a run, shared by the dev-extension and the installed-.vsix UI tests. */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { contextMenu, explorerItem, gridCells, pickMany, pickOne, resultsPanel, waitUntil } from './harness';

export const ROWS = 4; // test/fixtures/workspace/data/tickets.csv
export const MODELS = ['fake/triage-small', 'sim/echo'];

/** Right-click → Run Against Dataset → dataset → models, the way a user starts a run. */
export async function runFromExplorer(page: Page): Promise<FrameLocator> {
  await contextMenu(page, await explorerItem(page, 'prompts/triage.prompt'), 'Run Against Dataset');
  await pickOne(page, /(^|\/|\s)tickets\.csv/);
  await pickMany(page, MODELS);
  const panel = resultsPanel(page);
  await waitUntil(`the grid to show ${ROWS} × ${MODELS.length} finished cells`, async () => {
    const cells = gridCells(panel);
    return (await cells.count()) === ROWS * MODELS.length && (await panel.locator('[role="gridcell"].cell-pending').count()) === 0;
  }, 90_000);
  return panel;
}

export function cell(panel: FrameLocator, row: number, model: number): Locator {
  return panel.locator(`[role="gridcell"][data-row="${row}"][data-model="${model}"]`);
}
