import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { gridCells, openWorkbench, screenshotIfFailed, uiSession } from './harness';
import { MODELS, ROWS, runFromExplorer } from './run-flow';

suite('UI: the packaged .vsix installed into VS Code', function () {
  this.timeout(180_000);
  let page: Page;

  suiteSetup(async () => {
    assert.equal(uiSession().extensionDevelopmentPath, undefined, 'this suite must run without a development extension');
    page = await openWorkbench();
  });

  teardown(async function () {
    await screenshotIfFailed(page, this.currentTest);
  });

  suiteTeardown(async () => {
    await page?.close();
  });

  test('right-click → Run Against Dataset works from the installed extension', async () => {
    const panel = await runFromExplorer(page);
    assert.equal(await gridCells(panel).count(), ROWS * MODELS.length);
  });
});
