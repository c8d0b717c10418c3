// refinery.repeat in the results panel, in real Chromium from the built bundle: the grid cell
// shows how the samples agree, and the grade panel lists every sample (output as text).
import { describe, expect, it } from 'vitest';
import type { SampleView } from '../../src/shared/protocol';
import { SCREENSHOTS, useWebviewSession } from './support/webview-session';
import { MODELS, makeCell, makeCells, makeDetail, makeInit } from './support/results-fixture';

const [groq, cerebras] = MODELS as [(typeof MODELS)[0], (typeof MODELS)[0]];
/** Model output that looks like markup: it must stay text. */
const MARKUP = '<img src=x onerror="globalThis.__pwned=1"><b>bold</b>';

const { open } = useWebviewSession();

const sample = (output: string | null, gradePass: boolean | null, overrides: Partial<SampleView> = {}): SampleView => ({
  output, error: null, latencyMs: 410, tokensIn: 120, tokensOut: 4, costUsd: 0.00001, gradePass, gradeScore: gradePass === null ? null : gradePass ? 1 : 0,
  grades: gradePass === null ? [] : [{ grader: 'graders/correct_label.prompt', score: gradePass ? 1 : 0, pass: gradePass, reason: gradePass ? 'matches' : 'wrong label', state: 'graded', costUsd: 0.000004 }],
  ...overrides,
});

/** Row 1 on groq: 5 samples, 4 pass, 3 distinct outputs (one of them markup), one slower and dearer. */
const SAMPLES: SampleView[] = [
  sample('bug', true),
  sample('bug', true, { latencyMs: 1530, costUsd: 0.00002 }),
  sample('bug\n', true),
  sample('bug — the upload crashes', true),
  sample(MARKUP, false),
];

describe('results panel: refinery.repeat', () => {
  it('the cell shows "4/5 pass · 3 distinct"; the panel lists the 5 samples as text with grade, latency and cost', async () => {
    const view = await open({ viewport: { width: 1400, height: 820 } });
    const v = view;
    const agreement = { samples: 5, completed: 5, graded: 5, passCount: 4, distinctOutputs: 3, allAgree: false };
    const repeated = makeCell(1, groq, { output: 'bug', sampleAgreement: agreement, gradePass: true, gradeScore: 0.8 });
    const agreeing = makeCell(2, cerebras, { sampleAgreement: { samples: 5, completed: 5, graded: 5, passCount: 5, distinctOutputs: 1, allAgree: true } });
    const cells = makeCells(6).map((c) => (c.id === repeated.id ? repeated : c.id === agreeing.id ? agreeing : c));
    await v.send(makeInit(6, { cells }));

    const cell = v.page.locator('.cell[data-row="1"][data-model="0"]');
    await cell.waitFor();
    expect(await cell.getByTestId('sample-agreement').innerText()).toBe('4/5 pass · 3 distinct');
    expect(await cell.getByTestId('sample-agreement').getAttribute('title')).toBe('5 samples (the grade is the majority of the samples, the score their mean)');
    expect(await v.page.locator('.cell[data-row="2"][data-model="1"]').getByTestId('sample-agreement').getAttribute('title')).toMatch(/^5 samples, all agree/);
    // single-sample cells show no agreement badge
    expect(await v.page.locator('.cell[data-row="0"][data-model="0"]').getByTestId('sample-agreement').count()).toBe(0);
    // pass^k beside the pass count: all 5 samples passed, or not
    expect(await cell.getByTestId('pass-all-cell').innerText()).toBe('pass^5 ✗');
    expect(await v.page.locator('.cell[data-row="2"][data-model="1"]').getByTestId('pass-all-cell').innerText()).toBe('pass^5 ✓');
    // the header: 4 of groq's 5 samples pass over its one repeated cell; no cell passed all 5
    const header = v.page.locator('.model-header').nth(0);
    expect(await header.getByTestId('sample-pass-rate').innerText()).toMatch(/^samples 80% \[\d+–\d+\]$/);
    expect(await header.getByTestId('sample-pass-rate').getAttribute('title')).toContain('samples of one cell are not independent');
    expect(await header.getByTestId('pass-all').innerText()).toMatch(/^pass\^k 0% \[0–\d+\]$/);

    await cell.click();
    await v.send({ type: 'cellDetail', detail: makeDetail(repeated, { output: 'bug', samples: SAMPLES }) });
    const panel = v.page.getByTestId('grade-panel');
    await panel.getByTestId('section-samples').waitFor();
    expect(await panel.getByTestId('section-samples').locator('h3').textContent()).toBe('Samples (5)');
    const rows = panel.getByTestId('sample');
    expect(await rows.count()).toBe(5);
    expect(await rows.getByTestId('sample-output').allTextContents()).toEqual(['bug', 'bug', 'bug\n', 'bug — the upload crashes', MARKUP]);
    expect(await rows.nth(1).locator('.grader-head').innerText()).toMatch(/Sample 2\s+pass\s+score 1\.00 · 1\.53 s · \$0\.000020/);
    expect(await rows.nth(4).locator('.badge').innerText()).toBe('fail');
    expect(await rows.nth(4).locator('.badge').getAttribute('title')).toBe('graders/correct_label.prompt: wrong label');
    expect(await panel.locator('.grade-summary').getByTestId('sample-agreement').innerText()).toBe('4/5 pass · 3 distinct');
    // the markup stayed text
    expect(await v.page.locator('img').count()).toBe(0);
    expect(await v.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await v.page.screenshot({ path: `${SCREENSHOTS}/repeats-dark.png` });
  });

  it('a failed sample shows its error in the list', async () => {
    const view = await open();
    const v = view;
    const failed = makeCell(0, groq, {
      status: 'failed', output: 'bug', error: 'sample 2 of 2: server 500: boom', gradePass: null, gradeScore: null, gradeState: 'none',
      sampleAgreement: { samples: 2, completed: 1, graded: 1, passCount: 1, distinctOutputs: 1, allAgree: false },
    });
    await v.send(makeInit(1, { cells: [failed] }));
    const cell = v.page.locator('.cell[data-row="0"][data-model="0"]');
    await cell.waitFor();
    expect(await cell.getByTestId('sample-agreement').innerText()).toBe('1/2 pass · 1 distinct · 1 errored');
    await cell.click();
    await v.send({
      type: 'cellDetail',
      detail: makeDetail(failed, { samples: [sample('bug', true), sample(null, null, { error: 'server 500: boom', latencyMs: null, costUsd: null })] }),
    });
    const rows = v.page.getByTestId('grade-panel').getByTestId('sample');
    await rows.nth(1).waitFor();
    expect(await rows.nth(1).locator('.badge').innerText()).toBe('errored');
    expect(await rows.nth(1).getByTestId('sample-output').textContent()).toBe('server 500: boom');
    expect(await rows.nth(1).locator('.grader-head').innerText()).toMatch(/score — · — · —/);
  });
});
