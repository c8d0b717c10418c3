// A batch run in real Chromium from the built bundle: the toolbar says it is a batch run and each
// model's column header tags its cost with the discount it was submitted at; a live run has
// neither. The tags are text, however narrow the column.
import { describe, expect, it } from 'vitest';
import type { ModelView } from '../../src/shared/protocol';
import { SCREENSHOTS, useWebviewSession } from './support/webview-session';
import { MODELS, makeCell, makeCells, makeDetail, makeInit } from './support/results-fixture';

const [groq, cerebras] = MODELS as [ModelView, ModelView];
const { open } = useWebviewSession();

const batchModels: ModelView[] = [
  { ...groq, batch: { discount: 0.5 } },
  { ...cerebras, batch: { discount: null } },
];

describe('results panel: batch run', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`tags the run and each model's cost with its batch discount (${theme} theme)`, async () => {
      const v = await open({ theme, viewport: { width: 1000, height: 520 } });
      await v.send(makeInit(4, { models: batchModels, cells: makeCells(4, batchModels).map((c) => ({ ...c, latencyMs: null })), run: { batch: true } }));

      const headers = v.page.locator('.model-header');
      await headers.nth(0).getByTestId('batch-tag').waitFor();
      expect(await v.page.getByTestId('run-batch').innerText()).toBe('batch');
      expect(await headers.nth(0).getByTestId('batch-tag').innerText()).toBe('batch −50 %');
      expect(await headers.nth(0).getByTestId('batch-cost').innerText()).toMatch(/^cost \$0\.\d+ batch −50 %$/);
      expect(await headers.nth(0).getByTestId('batch-cost').getAttribute('title')).toMatch(/^Total cost at batch prices: .*−50 % on the live one/);
      // a run stored before discounts were kept: a batch run all the same, its discount not claimed
      expect(await headers.nth(1).getByTestId('batch-tag').innerText()).toBe('batch');
      await v.page.screenshot({ path: `${SCREENSHOTS}/batch-header-${theme}.png` });

      // the grade panel: the model's cost is at the batch price; the graders' at the live one
      await v.page.locator('.cell[data-row="1"][data-model="0"]').click();
      const cell = makeCell(1, batchModels[0]!, { latencyMs: null, costUsd: 0.00001 });
      await v.send({ type: 'cellDetail', detail: makeDetail(cell, { modelCostUsd: 0.00001, modelBatchDiscount: 0.5 }) });
      const usage = v.page.getByTestId('grade-panel').getByTestId('section-usage');
      await usage.waitFor();
      expect(await usage.innerText()).toMatch(/Model cost\s+\$0\.000010 \(batch −50 %\)/);
      expect(await usage.innerText()).not.toMatch(/Grading cost[^\n]*batch/);
      await usage.scrollIntoViewIfNeeded();
      await v.page.screenshot({ path: `${SCREENSHOTS}/batch-grade-panel-${theme}.png` });
    });
  }

  it('a live run has no batch tag', async () => {
    const v = await open();
    await v.send(makeInit(3, { models: [groq, cerebras] }));
    const header = v.page.locator('.model-header').nth(0);
    await header.locator('.stat[title="Total cost"]').waitFor();
    expect(await header.locator('.stat[title="Total cost"]').innerText()).toMatch(/^cost \$0\.\d+$/);
    expect(await v.page.getByTestId('batch-tag').count()).toBe(0);
    expect(await v.page.getByTestId('run-batch').count()).toBe(0);
    expect(await v.page.locator('.toolbar').innerText()).not.toMatch(/batch/i);
    await v.page.locator('.cell[data-row="0"][data-model="0"]').click();
    await v.send({ type: 'cellDetail', detail: makeDetail(makeCell(0, groq)) });
    const usage = v.page.getByTestId('grade-panel').getByTestId('section-usage');
    await usage.waitFor();
    expect(await usage.innerText()).toMatch(/Model cost\s+\$0\.\d+\n/);
    expect(await usage.innerText()).not.toMatch(/batch/);
  });

  it('a running batch run shows its missing cells at the provider, a live run as pending', async () => {
    const v = await open();
    await v.send(makeInit(4, { models: batchModels, cells: [], run: { status: 'running', batch: true } }));
    await v.page.locator('.cell[data-row="0"][data-model="0"]').waitFor();
    expect(await v.page.locator('.cell-at-provider').count()).toBe(8);
    expect(await v.page.locator('.cell[data-row="0"][data-model="0"]').innerText()).toBe('at the provider');
    await v.page.locator('.cell[data-row="0"][data-model="0"]').click();
    expect(await v.page.getByTestId('not-run-note').innerText()).toMatch(/^This cell is in a batch at the provider/);

    const live = await open();
    await live.send(makeInit(4, { models: [groq, cerebras], cells: [], run: { status: 'running' } }));
    await live.page.locator('.cell[data-row="0"][data-model="0"]').waitFor();
    expect(await live.page.locator('.cell-at-provider').count()).toBe(0);
    expect(await live.page.locator('.cell[data-row="0"][data-model="0"]').innerText()).toBe('pending');
  });

  it('keeps the tag whole in a narrow column', async () => {
    const v = await open({ viewport: { width: 560, height: 520 } });
    await v.send(makeInit(3, { models: batchModels, run: { batch: true } }));
    const tag = v.page.locator('.model-header').nth(0).getByTestId('batch-tag');
    await tag.waitFor();
    const box = await tag.boundingBox();
    const line = await tag.evaluate((el) => parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { lineHeight: string } }).getComputedStyle(el).lineHeight));
    // one line (nowrap), and inside its header
    expect(box?.height).toBeLessThanOrEqual(line + 2);
    const header = await v.page.locator('.model-header').nth(0).boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual((header?.x ?? 0) + (header?.width ?? 0));
    await v.page.screenshot({ path: `${SCREENSHOTS}/batch-header-narrow.png` });
  });
});
