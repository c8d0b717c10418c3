// The results panel in real Chromium: marks and filters vs a baseline run, header deltas,
// judge ↔ human agreement, Undo of a manual grade, and the toolbar's compare / re-run actions.
import { describe, expect, it } from 'vitest';
import type { BaselineView, CellView } from '../../src/shared/protocol';
import { SCREENSHOTS, useWebviewSession } from './support/webview-session';
import { MODELS, makeCell, makeCells, makeInit } from './support/results-fixture';
import type { WebviewPage } from './support/webview-page';

const [groq, cerebras, sim] = MODELS as [(typeof MODELS)[0], (typeof MODELS)[0], (typeof MODELS)[0]];

const { open } = useWebviewSession();


async function choose(v: WebviewPage, testId: string, option: string): Promise<void> {
  const select = v.page.getByTestId(testId);
  await select.click();
  await select.getByRole('option', { name: option, exact: true }).click();
}

const cellAt = (v: WebviewPage, row: number, model: number) => v.page.locator(`.cell[data-row="${row}"][data-model="${model}"]`);
/** What the page function touches of a row element (this file compiles without the DOM lib). */
interface RowElement {
  getAttribute(name: string): string | null;
}
const shownRows = async (v: WebviewPage) =>
  (await v.page.locator('.grid-row').evaluateAll((rows) => (rows as unknown as RowElement[]).map((r) => Number(r.getAttribute('data-row-index'))))).sort((a, b) => a - b);

/** Row 1 improved and row 4 regressed on groq, row 2 changed on cerebras; everything else unchanged. */
function baseline(): BaselineView {
  const changes: Record<string, [BaselineView['marks'][number]['change'], string]> = {
    [`cell-${groq.runModelId}-1`]: ['improved', 'fail → pass'],
    [`cell-${groq.runModelId}-4`]: ['regressed', 'pass → fail'],
    [`cell-${cerebras.runModelId}-2`]: ['changed', 'output changed'],
  };
  return {
    runId: 'run-0',
    label: 'triage · Nov 26, 00:40:12',
    marks: makeCells(6).map((cell) => {
      const [change, reason] = changes[cell.id] ?? ['unchanged', 'same output and grade'];
      return { cellId: cell.id, change, reason };
    }),
    models: [
      { runModelId: groq.runModelId, deltas: { passRate: 0.1, meanScore: -0.05, costUsd: 0.0012, p50LatencyMs: -40 }, counts: { improved: 1, regressed: 1, changed: 0, unchanged: 4 }, inBaseline: true },
      { runModelId: cerebras.runModelId, deltas: { passRate: 0, meanScore: 0, costUsd: -0.0003, p50LatencyMs: 25 }, counts: { improved: 0, regressed: 0, changed: 1, unchanged: 5 }, inBaseline: true },
      { runModelId: sim.runModelId, deltas: { passRate: null, meanScore: null, costUsd: null, p50LatencyMs: null }, counts: { improved: 0, regressed: 0, changed: 0, unchanged: 0 }, inBaseline: false },
    ],
  };
}

describe('results panel: compared with a baseline run', () => {
  it('marks improved / regressed / changed cells, filters to them, shows the deltas, and clears', async () => {
    const v = await open();
    await v.send(makeInit(6));
    await v.page.locator('.grid-row').nth(5).waitFor();
    expect(await v.page.getByTestId('baseline').count()).toBe(0);
    await v.page.getByTestId('compare').click();
    expect((await v.posted()).filter((m) => m.type === 'compareWithBaseline')).toHaveLength(1);

    await v.send({ type: 'baseline', baseline: baseline() });
    await v.page.getByTestId('baseline').waitFor();
    expect(await v.page.getByTestId('baseline').innerText()).toContain('vs triage · Nov 26, 00:40:12');
    expect(await cellAt(v, 1, 0).getAttribute('class')).toContain('cell-change-improved');
    expect(await cellAt(v, 1, 0).getByTestId('change-badge').innerText()).toBe('improved');
    expect(await cellAt(v, 1, 0).getByTestId('change-badge').getAttribute('title')).toBe('vs baseline: fail → pass');
    expect(await cellAt(v, 4, 0).getByTestId('change-badge').getAttribute('data-change')).toBe('regressed');
    expect(await cellAt(v, 2, 1).getByTestId('change-badge').getAttribute('data-change')).toBe('changed');
    // unchanged cells carry no badge
    expect(await v.page.getByTestId('change-badge').count()).toBe(3);

    const groqDeltas = v.page.locator('.model-header').nth(0).getByTestId('deltas');
    expect(await groqDeltas.getByTestId('delta-pass').innerText()).toBe('passed +10 pts');
    expect(await groqDeltas.getByTestId('delta-score').innerText()).toBe('score −0.05');
    expect(await groqDeltas.getByTestId('delta-cost').innerText()).toBe('cost +$0.0012');
    expect(await groqDeltas.getByTestId('delta-p50').innerText()).toBe('p50 −40 ms');
    expect(await groqDeltas.getByTestId('change-counts').innerText()).toBe('▲1 ▼1 ~0');
    // better is green, worse is red: a higher pass rate is better, a higher cost worse
    expect(await groqDeltas.getByTestId('delta-pass').getAttribute('class')).toContain('delta-better');
    expect(await groqDeltas.getByTestId('delta-cost').getAttribute('class')).toContain('delta-worse');
    expect(await groqDeltas.getByTestId('delta-p50').getAttribute('class')).toContain('delta-better');
    expect(await v.page.locator('.model-header').nth(2).getByTestId('deltas').innerText()).toBe('not in the baseline run');
    await v.page.screenshot({ path: `${SCREENSHOTS}/compare-dark.png` });

    await choose(v, 'filter', 'Changed vs baseline');
    await expect.poll(() => shownRows(v)).toEqual([1, 2, 4]);
    await choose(v, 'filter', 'Regressed');
    await expect.poll(() => shownRows(v)).toEqual([4]);
    await choose(v, 'filter', 'Improved');
    await expect.poll(() => shownRows(v)).toEqual([1]);

    await v.page.getByTestId('clear-baseline').click();
    expect((await v.posted()).filter((m) => m.type === 'clearBaseline')).toHaveLength(1);
    await v.send({ type: 'baseline', baseline: null });
    await v.page.getByTestId('compare').waitFor();
    // the change filter goes with the baseline
    await expect.poll(() => shownRows(v)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await v.page.getByTestId('change-badge').count()).toBe(0);
    expect(await v.page.getByTestId('deltas').count()).toBe(0);
  });

  it('reads well in the light theme', async () => {
    const v = await open({ theme: 'light' });
    await v.send(makeInit(6));
    await v.send({ type: 'baseline', baseline: baseline() });
    await v.page.getByTestId('baseline').waitFor();
    await v.page.screenshot({ path: `${SCREENSHOTS}/compare-light.png` });
  });
});

describe('results panel: judge ↔ human agreement and Undo', () => {
  it('shows the automatic and human pass rates and how often the grader agrees with people', async () => {
    // groq: automatic pass on rows where (row + 0) % 4 !== 0 → rows 1, 2, 3, 5 pass; row 0, 4 fail.
    // People graded rows 0–3: fail, pass, fail, pass → agree on 0 and 1 and 3, disagree on 2: 3 of 4.
    const manual: Record<number, boolean> = { 0: false, 1: true, 2: false, 3: true };
    const cells: CellView[] = makeCells(6).map((cell) => {
      const row = Number(cell.datasetRowId?.slice(4));
      return cell.runModelId === groq.runModelId && row in manual ? { ...cell, manualPass: manual[row]! } : cell;
    });
    const v = await open();
    await v.send(makeInit(6, { cells }));
    const header = v.page.locator('.model-header').nth(0);
    await header.getByTestId('agreement').waitFor();
    expect(await header.getByTestId('pass-rate').innerText()).toBe('passed 67% 4/6');
    expect(await header.getByTestId('human-pass-rate').innerText()).toBe('human 50% 2/4');
    expect(await header.getByTestId('agreement').innerText()).toBe('agree 75% n=4');
    // 4 pairs: observed 0.75; grader passes 3/4, people 2/4 → chance 0.5, κ 0.5
    expect(await header.getByTestId('agreement').getAttribute('title')).toContain("Cohen's κ 0.50");
    expect(await v.page.locator('.model-header').nth(1).getByTestId('agreement').count()).toBe(0);

    // a person changes their mind on row 2: the header follows the live update
    await v.send({ type: 'cellsUpdated', cells: [makeCell(2, groq, { manualPass: true })] });
    await expect.poll(() => header.getByTestId('agreement').innerText()).toBe('agree 100% n=4');
  });

  it('offers Undo after a manual grade is saved, and posts it for that cell', async () => {
    const v = await open();
    await v.send(makeInit(3));
    await v.send({ type: 'manualGradeUndo', undo: { cellId: `cell-${cerebras.runModelId}-2`, action: 'saved' } });
    const bar = v.page.getByTestId('undo-bar');
    await bar.waitFor();
    expect(await bar.innerText()).toContain('Manual grade saved on row #2, cerebras/gpt-oss-120b.');
    await v.page.getByTestId('undo-grade').click();
    expect((await v.posted()).filter((m) => m.type === 'undoManualGrade')).toEqual([{ type: 'undoManualGrade', cellId: `cell-${cerebras.runModelId}-2` }]);
    await bar.waitFor({ state: 'detached' });
  });

  it('shows each grader\'s and assertion\'s own verdict in the cell when there are several', async () => {
    const verdicts = [
      { name: 'graders/is-bug.prompt', pass: false, score: 0 },
      { name: 'assert:contains', pass: true, score: null },
    ];
    const v = await open();
    await v.send(makeInit(2, { cells: [makeCell(0, groq, { verdicts }), makeCell(1, groq)] }));
    const marks = cellAt(v, 0, 0).getByTestId('verdict');
    await marks.first().waitFor();
    expect(await marks.allInnerTexts()).toEqual(['is-bug', 'contains']);
    expect(await marks.nth(0).getAttribute('title')).toBe('graders/is-bug.prompt: fail · score 0.00');
    expect(await marks.nth(0).getAttribute('class')).toContain('verdict-fail');
    expect(await marks.nth(1).getAttribute('title')).toBe('assert:contains: pass');
    // one verdict only: the grade badge says it all
    expect(await cellAt(v, 1, 0).getByTestId('verdict').count()).toBe(0);
  });

  it('asks the host to re-run the failed cells, but not while the run goes', async () => {
    const v = await open();
    await v.send(makeInit(3, { run: { status: 'running' } }));
    const rerun = v.page.getByTestId('rerun-failed');
    await rerun.waitFor();
    expect(await rerun.getAttribute('disabled')).not.toBeNull();
    await v.send({ type: 'runStatus', status: 'completed', done: 9, total: 9 });
    await expect.poll(() => rerun.getAttribute('disabled')).toBeNull();
    await rerun.click();
    expect((await v.posted()).filter((m) => m.type === 'rerunFailed')).toHaveLength(1);
  });
});
