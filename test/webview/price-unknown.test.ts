// A model or judge without a known price, in real Chromium from the built bundle: its cost reads
// "price unknown" in the cell, the column header and the grade panel, never "$0" (which would
// say it was free); a failed call, which used nothing, still reads "—".
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useWebviewSession } from './support/webview-session';
import { MODELS, makeCell, makeDetail, makeInit } from './support/results-fixture';

const [groq, cerebras] = MODELS as [(typeof MODELS)[0], (typeof MODELS)[0]];
const { open } = useWebviewSession();

describe('results panel: price unknown', () => {
  it('shows an unknown cost as "price unknown", never $0', async () => {
    const v = await open();
    const unpriced = [0, 1].map((row) => makeCell(row, groq, { costUsd: null }));
    const failed = makeCell(2, groq, { status: 'failed', output: null, error: 'server 500: boom', costUsd: null, latencyMs: 900, tokensIn: null, tokensOut: null });
    const priced = [0, 1, 2].map((row) => makeCell(row, cerebras, { costUsd: 0.00002 }));
    await v.send(makeInit(3, { cells: [...unpriced, failed, ...priced], models: [groq, cerebras] }));

    const cell = (row: number, model: number) => v.page.locator(`.cell[data-row="${row}"][data-model="${model}"] .cell-meta`);
    await cell(0, 0).waitFor();
    expect(await cell(0, 0).innerText()).toMatch(/ · price unknown$/);
    expect(await cell(2, 0).innerText()).toMatch(/ · —$/);
    expect(await cell(0, 1).innerText()).toMatch(/ · \$0\.000020$/);
    const header = v.page.locator('.model-header').nth(0);
    expect(await header.locator('.stat[title="Total cost"]').innerText()).toBe('cost price unknown');
    expect(await v.page.locator('.model-header').nth(1).locator('.stat[title="Total cost"]').innerText()).toBe('cost $0.000060');

    const first = unpriced[0]!;
    await v.page.locator('.cell[data-row="0"][data-model="0"]').click();
    await v.send({
      type: 'cellDetail',
      detail: makeDetail(first, {
        modelCostUsd: null,
        gradingCostUsd: null,
        grades: [{ grader: 'graders/correct_label.prompt', score: 1, pass: true, reason: 'matches', state: 'graded', costUsd: null }],
      }),
    });
    const panel = v.page.getByTestId('grade-panel');
    await panel.getByTestId('section-usage').waitFor();
    const usage = await panel.getByTestId('section-usage').innerText();
    expect(usage).toMatch(/Model cost\s+price unknown/);
    expect(usage).toMatch(/Grading cost\s+price unknown/);
    expect(usage).toMatch(/Total cost\s+price unknown/);
    expect(await panel.locator('.grader-head').first().innerText()).toMatch(/score 1\.00 · price unknown/);
    expect(await v.page.locator('body').innerText()).not.toMatch(/\$0(?![.\d])/);
    await v.page.screenshot({ path: `${SCREENSHOTS}/price-unknown.png` });
  });
});
