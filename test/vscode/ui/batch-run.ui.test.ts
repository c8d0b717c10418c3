import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { z } from 'zod';
import {
  clickNotificationButton,
  contextMenu,
  explorerItem,
  fakeServer,
  gridCells,
  notificationItem,
  openWorkbench,
  pickMany,
  pickOne,
  reloadWindow,
  resultsPanel,
  screenshot,
  sequentialSteps,
  updateUserSettings,
  waitUntil,
} from './harness';

const ROWS = 4; // test/fixtures/workspace/data/tickets.csv
const MODEL = 'fake/triage-small'; // the fake endpoint declares `batch: true`
const SETTINGS = {
  'refinery.batch.pollIntervalMs': 200,
  'refinery.batch.maxPollIntervalMs': 400,
  'refinery.batch.providers': { fake: { discount: 0.5 } },
  'refinery.prices': { 'fake/*': { inputPerMillion: 1000, outputPerMillion: 1000 } },
};

const batchStatsSchema = z.object({ batchesCreated: z.number(), linesReceived: z.number() });
async function batchStats() {
  return batchStatsSchema.parse(await fakeServer.control('GET', 'batches'));
}

const FAILING_TICKET = 'I was charged twice this month'; // row 0: the provider fails this line

/** The provider holds every batch (`linesPerPoll: 0`: each poll finds it in progress) or finishes a line per poll, failing row 0's. */
async function providerProcesses(linesPerPoll: number | undefined): Promise<void> {
  await fakeServer.setOptions({ batch: linesPerPoll === undefined ? {} : { linesPerPoll, failContaining: FAILING_TICKET } });
}

const answered = (panel: FrameLocator) => panel.locator('[role="gridcell"]', { hasText: /echo: / });

function batchStatusItem(page: Page) {
  return page.locator('.statusbar-item', { hasText: /batch \d+\/\d+ · \d+ %|batch: (submitting|polling)/ });
}

suite('UI: Run as Batch — submitted, the window reloaded, tracking resumes from the store and the grid completes', function () {
  this.timeout(240_000);
  let page: Page;
  let before: z.infer<typeof batchStatsSchema>;

  suiteSetup(async () => {
    await providerProcesses(0);
    before = await batchStats();
    updateUserSettings((settings) => Object.assign(settings, SETTINGS));
    page = await openWorkbench();
  });

  const step = sequentialSteps(() => page);

  suiteTeardown(async () => {
    await providerProcesses(undefined);
    updateUserSettings((settings) => {
      for (const key of Object.keys(SETTINGS)) delete settings[key];
    });
    await page?.close();
  });

  step('right-click → Run as Batch: both prices and the window asked, the batch submitted, the status bar tracks it', async () => {
    await contextMenu(page, await explorerItem(page, 'prompts/triage.prompt'), 'Run as Batch (−50 %)');
    await pickOne(page, /(^|\/|\s)tickets\.csv/);
    await pickMany(page, [MODEL]);
    const dialog = page.locator('.monaco-dialog-box', { hasText: /as a batch\?/ });
    await dialog.waitFor({ timeout: 60_000 });
    const question = await dialog.innerText();
    assert.match(question, /At most about \$[\d.]+ instead of \$[\d.]+ live; results within 24h/, question);
    assert.match(question, /fake\/triage-small: \$[\d.]+ live → \$[\d.]+ as a batch \(−50 %, the discount set in your settings\)/, question);
    await screenshot(page, 'batch-confirm');
    await dialog.locator('.monaco-button', { hasText: /^Run as Batch$/ }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });

    await batchStatusItem(page).first().waitFor({ timeout: 60_000 });
    const panel = resultsPanel(page);
    await waitUntil(`the grid to show ${ROWS} waiting cells`, async () => (await gridCells(panel).count()) === ROWS, 60_000);
    assert.equal(await panel.locator('[role="gridcell"]', { hasText: /echo: / }).count(), 0, 'a cell has an answer although the provider holds the batch');
    const stats = await batchStats();
    assert.equal(stats.batchesCreated - before.batchesCreated, 1);
    assert.equal(stats.linesReceived - before.linesReceived, ROWS);
    await screenshot(page, 'batch-tracked');
  });

  step('reload the window: tracking resumes from the stored batch id; when the provider finishes, the grid completes', async () => {
    await reloadWindow(page);
    // the new window found the run's unfolded batch in the store and polls it again
    await batchStatusItem(page).first().waitFor({ timeout: 60_000 });
    await providerProcesses(1);
    const panel = resultsPanel(page);
    await waitUntil(`the grid to show ${ROWS - 1} answered cells and row 0's failed line`, async () => (await answered(panel).count()) === ROWS - 1 && (await panel.locator('[role="gridcell"].cell-failed[data-row="0"]').count()) === 1, 90_000);
    assert.equal(await panel.locator('[role="gridcell"].cell-pending').count(), 0);
    await waitUntil('the status bar to stop tracking the batch', async () => (await batchStatusItem(page).count()) === 0, 30_000);
    const stats = await batchStats();
    assert.equal(stats.batchesCreated - before.batchesCreated, 1, 'the reloaded window submitted the cells again');
    assert.equal(stats.linesReceived - before.linesReceived, ROWS);
    await waitUntil('the grid to say completed, with the batch tag and the discount in the header', async () => (await panel.locator('[data-testid="run-status"]').innerText()).trim() === 'completed', 30_000);
    assert.match(await panel.locator('.model-header[data-run-model]').first().innerText(), /batch −50 %/);
    await screenshot(page, 'batch-completed');
  });

  step('the failed line is offered for a live re-run: Re-run Failed in the "finished" notification calls the model once, live', async () => {
    await fakeServer.reset(); // its counters, the batches' too
    const finished = await notificationItem(page, /triage finished/);
    await clickNotificationButton(finished, 'Re-run Failed');
    // a cost under refinery.confirmCostAboveUsd (here $0.03 < $0.50) runs without asking
    const panel = resultsPanel(page);
    await waitUntil(`all ${ROWS} cells answered`, async () => (await answered(panel).count()) === ROWS, 60_000);
    const { perKey, totalRequests } = await fakeServer.stats();
    assert.equal(totalRequests, 1, 'the live re-run called the model for more than the failed line');
    assert.equal(perKey[FAILING_TICKET]?.received, 1);
    assert.equal((await batchStats()).batchesCreated, 0, 'the re-run went through the Batch API');
  });
});
