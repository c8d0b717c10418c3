// The results panel in real Chromium, from the built bundle, under the host's CSP.
import { describe, expect, it } from 'vitest';
import type { FromWebviewMessage } from '../../src/shared/protocol';
import { splitInit } from '../../src/extension/results/init-chunks';
import { SCREENSHOTS, useWebviewSession } from './support/webview-session';
import { MODELS, makeCell, makeCells, makeDetail, makeInit } from './support/results-fixture';
import type { WebviewPage } from './support/webview-page';


const { open } = useWebviewSession();


const ofType = <T extends FromWebviewMessage['type']>(messages: FromWebviewMessage[], type: T) =>
  messages.filter((m): m is Extract<FromWebviewMessage, { type: T }> => m.type === type);

describe('results panel: handshake and first paint', () => {
  it('posts ready first, then paints every row × model from init', async () => {
    const v = await open();
    await v.page.getByTestId('loading').waitFor();
    expect(await v.posted()).toEqual([{ type: 'ready' }]);

    await v.send(makeInit(6));
    await v.page.locator('.grid-row').nth(5).waitFor();
    expect(await v.page.locator('.grid-row').count()).toBe(6);
    expect(await v.page.locator('.grid-row .cell').count()).toBe(18);
    const headers = v.page.locator('.model-header');
    expect(await headers.count()).toBe(3);
    expect(await headers.nth(0).locator('.model-label').textContent()).toBe('groq/openai/gpt-oss-20b');
    expect(await headers.nth(2).locator('.tag').textContent()).toBe('simulated');
    expect(await headers.nth(0).locator('.tag').count()).toBe(0);
    const firstRow = v.page.locator('.grid-row').first();
    expect(await firstRow.locator('.row-header').innerText()).toContain('My invoice shows a double charge for March (#0)');
    expect(await firstRow.locator('.cell').first().locator('.cell-output').textContent()).toBe('billing — answer 0 from openai/gpt-oss-20b');
    expect(await v.state()).toEqual({ runId: 'run-1', selectedCellId: null });
    await v.page.screenshot({ path: `${SCREENSHOTS}/smoke.png` });
  });
});

/** What the page functions below touch of DOM elements (this file compiles without the DOM lib). */
interface RowElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number };
}
interface ScrollElement {
  scrollTo(x: number, y: number): void;
  scrollHeight: number;
}

const cellAt = (v: WebviewPage, row: number, model: number) => v.page.locator(`.cell[data-row="${row}"][data-model="${model}"]`);
const shownRowIndexes = async (v: WebviewPage) =>
  (await v.page.locator('.grid-row').evaluateAll((rows) => (rows as unknown as RowElement[]).map((r) => Number(r.getAttribute('data-row-index'))))).sort(
    (a, b) => a - b,
  );

async function choose(v: WebviewPage, testId: string, option: string): Promise<void> {
  const select = v.page.getByTestId(testId);
  await select.click();
  await select.getByRole('option', { name: option, exact: true }).click();
}

describe('results panel: large runs', () => {
  it('keeps only the rows in view in the DOM, and scrolls to the last row', async () => {
    const v = await open();
    await v.send(makeInit(2000));
    await v.page.locator('.grid-row').first().waitFor();
    const inDom = await v.page.locator('.grid-row').count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(40);
    await v.page.getByTestId('grid').evaluate((grid) => (grid as unknown as ScrollElement).scrollTo(0, (grid as unknown as ScrollElement).scrollHeight));
    await v.page.locator('.grid-row[data-row-index="1999"]').waitFor();
    expect(await v.page.locator('.grid-row[data-row-index="1999"] .row-index').textContent()).toBe('#1999');
    expect(await v.page.getByTestId('shown-rows').textContent()).toBe('2,000 of 2,000 rows');
  });
});

describe('results panel: init split as the host sends it', () => {
  it('paints the first screens from init, fills in the chunks, and re-selects a saved cell that comes in a later chunk', async () => {
    const v = await open({ initialState: { runId: 'run-1', selectedCellId: 'cell-rm-sim-1500' } });
    const full = makeInit(2000);
    if (full.type !== 'init') throw new Error('fixture');
    const { init, chunks } = splitInit(full);
    expect(chunks.length).toBeGreaterThan(1);
    await v.send(init);
    await cellAt(v, 0, 0).waitFor();
    expect(await v.page.locator('.grid-row .cell-pending').count()).toBe(0);
    // Until its cell arrives, nothing is selected and the saved selection is kept for a reload.
    expect(ofType(await v.posted(), 'selectCell')).toEqual([]);
    expect(await v.state()).toEqual({ runId: 'run-1', selectedCellId: 'cell-rm-sim-1500' });
    for (const chunk of chunks) await v.send(chunk);
    await v.page.getByTestId('grade-panel').waitFor();
    expect(ofType(await v.posted(), 'selectCell')).toEqual([{ type: 'selectCell', cellId: 'cell-rm-sim-1500' }]);
    await cellAt(v, 1500, 2).waitFor();
    expect(await cellAt(v, 1500, 2).getAttribute('aria-selected')).toBe('true');
    expect(await v.state()).toEqual({ runId: 'run-1', selectedCellId: 'cell-rm-sim-1500' });
    // Every chunk counted once in the header aggregates.
    await expect.poll(() => v.page.locator('.model-header').nth(0).textContent()).toContain('/2000');
    expect(await v.page.locator('.grid-row .cell-pending').count()).toBe(0);
  });
});

describe('results panel: live updates', () => {
  it('shows pending cells, merges cellsUpdated batches into cells and header stats, and follows runStatus', async () => {
    const v = await open();
    await v.send(makeInit(4, { cells: [], run: { status: 'running' } }));
    await cellAt(v, 0, 0).waitFor();
    expect(await v.page.locator('.cell-pending').count()).toBe(12);
    expect(await v.page.getByTestId('progress').textContent()).toBe('0/12');
    const groqStats = v.page.locator('.model-header').first();
    expect(await groqStats.innerText()).toContain('errored 0');

    const [groq] = MODELS;
    await v.send({
      type: 'cellsUpdated',
      cells: [
        makeCell(0, groq!, { gradePass: true, gradeScore: 1, latencyMs: 200 }),
        makeCell(1, groq!, { gradePass: false, gradeScore: 0, latencyMs: 400 }),
        makeCell(2, groq!, { status: 'failed', output: null, error: 'HTTP 429: rate limited', gradePass: null, gradeScore: null, gradeState: 'none', latencyMs: null, costUsd: null }),
      ],
    });
    await v.send({ type: 'runStatus', status: 'running', done: 3, total: 12 });
    await v.page.getByTestId('progress').getByText('3/12').waitFor();
    expect(await cellAt(v, 0, 0).locator('.cell-output').textContent()).toContain('answer 0');
    expect(await cellAt(v, 2, 0).locator('.cell-output').textContent()).toBe('HTTP 429: rate limited');
    expect(await cellAt(v, 2, 0).locator('.badge-error').count()).toBe(1);
    expect(await v.page.locator('.cell-pending').count()).toBe(9);
    const stats = await groqStats.innerText();
    // Over every cell done: the errored one did not pass either.
    expect(stats).toContain('passed 33% 1/3');
    expect(stats).toContain('ungraded 0');
    expect(stats).toContain('p50 200 ms');
    expect(stats).toContain('p95 400 ms');
    expect(stats).toContain('errored 1');

    // The same cell again (a re-grade) replaces it: the header does not count it twice.
    await v.send({ type: 'cellsUpdated', cells: [makeCell(1, groq!, { gradePass: true, gradeScore: 1, latencyMs: 400 })] });
    await groqStats.getByText('2/3').waitFor();
    expect(await groqStats.innerText()).toContain('passed 67% 2/3');

    await v.page.getByTestId('cancel').click();
    expect(ofType(await v.posted(), 'cancelRun')).toHaveLength(1);
    await v.send({ type: 'runStatus', status: 'cancelled', done: 3, total: 12 });
    await v.page.getByTestId('run-status').getByText('cancelled').waitFor();
    expect(await v.page.getByTestId('cancel').count()).toBe(0);
    // The run has ended: the cells it never reached say so, no spinner keeps them alive.
    await v.page.locator('.cell-not-run').first().waitFor();
    expect(await v.page.locator('.cell-pending').count()).toBe(0);
    expect(await v.page.locator('.cell-not-run').count()).toBe(9);
    expect(await cellAt(v, 3, 0).innerText()).toBe('not run');
    expect(await v.page.getByTestId('not-run').innerText()).toBe('· 9 not run');
    await cellAt(v, 3, 0).click();
    expect(await v.page.getByTestId('not-run-note').innerText()).toMatch(/^Not run: the run ended before this cell/);
  });

  it('posts exportResults in the chosen format', async () => {
    const v = await open();
    await v.send(makeInit(3));
    await cellAt(v, 0, 0).waitFor();
    await v.page.getByTestId('export').click();
    await choose(v, 'export-format', 'JSONL');
    await v.page.getByTestId('export').click();
    expect(ofType(await v.posted(), 'exportResults').map((m) => m.format)).toEqual(['csv', 'jsonl']);
  });

  it('shows an error from the host and ignores invalid messages', async () => {
    const v = await open();
    await v.send({ type: 'bogus' });
    await v.send({ type: 'cellsUpdated', cells: [{ id: 1 }] });
    await v.send(makeInit(2));
    await cellAt(v, 1, 2).waitFor();
    await v.send({ type: 'showError', message: 'Export failed: disk full' });
    expect(await v.page.getByTestId('error-banner').innerText()).toContain('Export failed: disk full');
  });
});

describe('results panel: ungraded cells in the header', () => {
  it('counts a broken judge\'s cells as ungraded, not passed, and says how many; a run without checks shows no pass rate', async () => {
    const [groq, cerebras] = MODELS as [(typeof MODELS)[0], (typeof MODELS)[0]];
    const ungraded = { gradePass: null, gradeScore: null, gradeState: 'ungraded' } as const;
    // groq: the judge answered prose on every row; cerebras: 3 pass, 1 ungraded.
    const cells = [0, 1, 2, 3].flatMap((r) => [makeCell(r, groq, ungraded), makeCell(r, cerebras, r === 2 ? ungraded : { gradePass: true, gradeScore: 1 })]);
    const v = await open({ viewport: { width: 1100, height: 420 } });
    await v.send(makeInit(4, { cells, models: [groq, cerebras] }));
    await cellAt(v, 3, 1).waitFor();
    const [groqHeader, cerebrasHeader] = [v.page.locator('.model-header').nth(0), v.page.locator('.model-header').nth(1)];
    expect(await groqHeader.innerText()).toContain('passed 0% 0/4');
    expect(await groqHeader.getByTestId('ungraded').innerText()).toBe('ungraded 4');
    expect(await groqHeader.getByTestId('ungraded').getAttribute('class')).toContain('stat-ungraded');
    expect(await cerebrasHeader.innerText()).toContain('passed 75% 3/4');
    expect(await cerebrasHeader.getByTestId('ungraded').innerText()).toBe('ungraded 1');
    expect(await cellAt(v, 0, 0).locator('.badge-muted').innerText()).toBe('ungraded');
    await v.page.screenshot({ path: `${SCREENSHOTS}/header-ungraded.png` });

    await v.send(makeInit(4, { cells: cells.map((c) => ({ ...c, gradePass: null, gradeScore: null, gradeState: 'none' as const })), models: [groq, cerebras], run: { graders: [], checked: false } }));
    await expect.poll(() => groqHeader.innerText()).toContain('passed —');
    expect(await groqHeader.getByTestId('ungraded').count()).toBe(0);
    expect(await groqHeader.getByTestId('pass-rate').getAttribute('title')).toBe('No grader or assertion in this run: nothing to pass');
  });
});

describe('results panel: filter, sort, search', () => {
  const [groq, cerebras, sim] = MODELS as [(typeof MODELS)[0], (typeof MODELS)[0], (typeof MODELS)[0]];
  const cells = [
    ...[0, 1, 2, 3, 4, 5].flatMap((r) => [makeCell(r, cerebras, { gradePass: true }), makeCell(r, sim, { gradePass: true })]),
    makeCell(0, groq, { gradePass: true, gradeScore: 0.9 }),
    makeCell(1, groq, { gradePass: false, gradeScore: 0.1 }),
    makeCell(2, groq, { status: 'failed', output: null, error: 'timeout after 30 s', gradePass: null, gradeScore: null, gradeState: 'none' }),
    makeCell(3, groq, { gradePass: null, gradeScore: null, gradeState: 'ungraded', output: 'Please escalate to a human' }),
    makeCell(4, groq, { gradePass: true, gradeScore: 0.5 }),
    makeCell(5, groq, { gradePass: true, gradeScore: 0.7 }),
  ];

  it('filters failed / errors / ungraded, sorts by a model score, and searches outputs and row values', async () => {
    const v = await open();
    await v.send(makeInit(6, { cells }));
    await cellAt(v, 5, 2).waitFor();

    await choose(v, 'filter', 'Errored');
    await v.page.getByTestId('shown-rows').getByText('1 of 6 rows').waitFor();
    expect(await shownRowIndexes(v)).toEqual([2]);
    await choose(v, 'filter', 'Failed');
    await v.page.getByTestId('shown-rows').getByText('1 of 6 rows').waitFor();
    expect(await shownRowIndexes(v)).toEqual([1]);
    await choose(v, 'filter', 'Ungraded');
    await v.page.getByTestId('shown-rows').getByText('1 of 6 rows').waitFor();
    expect(await shownRowIndexes(v)).toEqual([3]);
    await choose(v, 'filter', 'All rows');
    await v.page.getByTestId('shown-rows').getByText('6 of 6 rows').waitFor();

    await choose(v, 'sort', 'groq/openai/gpt-oss-20b: score, lowest first');
    await v.page.locator('.grid-row').first().waitFor();
    const order = await v.page.locator('.grid-row').evaluateAll((rows) =>
      (rows as unknown as RowElement[]).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((r) => Number(r.getAttribute('data-row-index'))),
    );
    expect(order).toEqual([1, 4, 5, 0, 2, 3]);

    await v.page.getByTestId('search').locator('input').fill('escalate');
    await v.page.getByTestId('shown-rows').getByText('1 of 6 rows').waitFor();
    expect(await shownRowIndexes(v)).toEqual([3]);
    await v.page.getByTestId('search').locator('input').fill('refund');
    await v.page.getByTestId('shown-rows').getByText('1 of 6 rows').waitFor();
    expect(await shownRowIndexes(v)).toEqual([3]);
    await v.page.getByTestId('search').locator('input').fill('no such text');
    await v.page.getByTestId('empty').waitFor();
  });
});

describe('results panel: grade panel', () => {
  it('selecting a cell posts selectCell and shows its detail; keyboard moves and closes', async () => {
    const v = await open();
    await v.send(makeInit(4));
    await cellAt(v, 1, 0).click();
    const selected = ofType(await v.posted(), 'selectCell');
    expect(selected).toEqual([{ type: 'selectCell', cellId: 'cell-rm-groq-1' }]);
    const panel = v.page.getByTestId('grade-panel');
    await panel.getByText('Loading…').waitFor();

    const cell = makeCell(1, MODELS[0]!);
    await v.send({ type: 'cellDetail', detail: makeDetail(cell) });
    await panel.getByTestId('detail-output').waitFor();
    expect(await panel.getByTestId('detail-output').textContent()).toBe(`${cell.output!}\n\nFull text: the ticket is about bug.`);
    expect(await panel.getByTestId('section-messages').innerText()).toContain('You triage support tickets. Answer with one label.');
    expect(await panel.getByTestId('section-grades').innerText()).toContain('The label matches the expected label.');
    const usage = await panel.getByTestId('section-usage').innerText();
    expect(usage).toMatch(/Tokens in\s+121/);
    expect(usage).toMatch(/Grading cost\s+\$0\.0000040/);
    expect(usage).toMatch(/Attempts\s+1/);
    expect(await v.state()).toEqual({ runId: 'run-1', selectedCellId: 'cell-rm-groq-1' });

    // Arrows move the selection (the open panel follows), Esc closes, Enter opens again.
    await v.page.getByTestId('grid').focus();
    await v.page.keyboard.press('ArrowRight');
    await v.page.keyboard.press('ArrowDown');
    await expect.poll(async () => ofType(await v.posted(), 'selectCell').at(-1)?.cellId).toBe('cell-rm-cerebras-2');
    expect(await cellAt(v, 2, 1).getAttribute('aria-selected')).toBe('true');
    await v.page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await v.page.keyboard.press('ArrowUp');
    const before = ofType(await v.posted(), 'selectCell').length;
    await v.page.keyboard.press('Enter');
    await panel.waitFor();
    const after = ofType(await v.posted(), 'selectCell');
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)?.cellId).toBe('cell-rm-cerebras-1');
  });

  it('saves a manual grade beside the automatic one, and clears it', async () => {
    const v = await open();
    await v.send(makeInit(3));
    await cellAt(v, 0, 1).click();
    const cell = makeCell(0, MODELS[1]!);
    await v.send({ type: 'cellDetail', detail: makeDetail(cell) });
    const panel = v.page.getByTestId('grade-panel');
    await panel.getByTestId('manual-form').waitFor();

    await panel.getByTestId('verdict-fail').click();
    await panel.getByTestId('manual-score').locator('input').fill('1.5');
    await panel.getByTestId('save-grade').click();
    await panel.getByRole('alert').waitFor();
    expect(ofType(await v.posted(), 'setManualGrade')).toEqual([]);

    await panel.getByTestId('manual-score').locator('input').fill('0.25');
    await panel.getByTestId('manual-note').locator('textarea').fill('Label is right but the tone is rude.');
    await panel.getByTestId('save-grade').click();
    await expect.poll(async () => ofType(await v.posted(), 'setManualGrade')).toEqual([
      { type: 'setManualGrade', grade: { cellId: cell.id, pass: false, score: 0.25, note: 'Label is right but the tone is rude.' } },
    ]);

    // The host stores it and answers with the cell; the auto badge stays, the manual one joins it.
    const graded = { ...cell, manualPass: false, manualScore: 0.25, hasManualNote: true };
    const requests = ofType(await v.posted(), 'selectCell').length;
    await v.send({ type: 'cellsUpdated', cells: [graded] });
    await cellAt(v, 0, 1).locator('.badge-manual').waitFor();
    expect(await cellAt(v, 0, 1).locator('.badge-pass').count()).toBe(1);
    expect(await cellAt(v, 0, 1).locator('.badge-manual').innerText()).toContain('fail 0.25');
    expect(await v.page.locator('.model-header').nth(1).innerText()).toContain('human 0% 0/1');
    await expect.poll(async () => ofType(await v.posted(), 'selectCell').length).toBe(requests + 1);
    await v.send({ type: 'cellDetail', detail: makeDetail(graded, { manualNote: 'Label is right but the tone is rude.' }) });
    await expect.poll(() => panel.getByTestId('manual-note').locator('textarea').inputValue()).toBe('Label is right but the tone is rude.');

    await panel.getByTestId('clear-grade').click();
    expect(ofType(await v.posted(), 'clearManualGrade')).toEqual([{ type: 'clearManualGrade', cellId: cell.id }]);
  });
});

describe('results panel: state across a reload', () => {
  it('re-selects the saved cell after init and asks for its detail', async () => {
    const v = await open({ initialState: { runId: 'run-1', selectedCellId: 'cell-rm-sim-40' } });
    await v.send(makeInit(200));
    const panel = v.page.getByTestId('grade-panel');
    await panel.waitFor();
    expect(ofType(await v.posted(), 'selectCell')).toEqual([{ type: 'selectCell', cellId: 'cell-rm-sim-40' }]);
    await cellAt(v, 40, 2).waitFor();
    expect(await cellAt(v, 40, 2).getAttribute('aria-selected')).toBe('true');
    expect(await v.state()).toEqual({ runId: 'run-1', selectedCellId: 'cell-rm-sim-40' });
  });

  it('ignores a saved selection of another run', async () => {
    const v = await open({ initialState: { runId: 'another-run', selectedCellId: 'cell-rm-sim-1' } });
    await v.send(makeInit(3));
    await cellAt(v, 0, 0).waitFor();
    expect(ofType(await v.posted(), 'selectCell')).toEqual([]);
    expect(await v.state()).toEqual({ runId: 'run-1', selectedCellId: null });
  });
});

describe('results panel: model output is text, never HTML', () => {
  const IMG = '<img src=x onerror="window.__pwned=1">';
  const SCRIPT = '<script>window.__pwned=1</script>';
  const both = `${IMG} ${SCRIPT}`;

  it('shows outputs, errors, row values, labels and reasons with markup as literal text; nothing runs', async () => {
    const v = await open();
    const [groq, cerebras] = MODELS as [(typeof MODELS)[0], (typeof MODELS)[0]];
    const init = makeInit(2, {
      run: { promptName: both, datasetName: IMG },
      models: [{ ...groq, label: IMG }, cerebras],
      cells: [makeCell(0, groq, { output: both }), makeCell(0, cerebras, { status: 'failed', output: null, error: SCRIPT, gradePass: null, gradeScore: null, gradeState: 'none' })],
    });
    if (init.type !== 'init') throw new Error('fixture');
    init.rows[0] = { ...init.rows[0]!, values: { [IMG]: SCRIPT, ticket: IMG } };
    await v.send(init);
    await cellAt(v, 0, 0).waitFor();
    expect(await cellAt(v, 0, 0).locator('.cell-output').textContent()).toBe(both);
    expect(await cellAt(v, 0, 1).locator('.cell-output').textContent()).toBe(SCRIPT);
    expect(await v.page.locator('.model-label').first().textContent()).toBe(IMG);
    expect(await v.page.locator('.row-header').nth(1).innerText()).toContain(SCRIPT);

    await cellAt(v, 0, 0).click();
    const cell = makeCell(0, groq, { output: both });
    await v.send({
      type: 'cellDetail',
      detail: makeDetail(cell, {
        output: both,
        request: { messages: [{ role: 'user', parts: [{ type: 'text', text: both }, { type: 'image', description: both }] }], params: { [both]: both } },
        grades: [{ grader: IMG, score: 0, pass: false, reason: both, state: 'graded', costUsd: 0 }],
        rowValues: { [SCRIPT]: IMG },
        manualNote: both,
        modelLabel: IMG,
      }),
    });
    const panel = v.page.getByTestId('grade-panel');
    await panel.getByTestId('detail-output').waitFor();
    expect(await panel.getByTestId('detail-output').textContent()).toBe(both);
    expect(await panel.getByTestId('section-grades').innerText()).toContain(both);
    expect(await panel.getByTestId('sent-text').textContent()).toBe(both);
    expect(await panel.getByTestId('sent-image').textContent()).toContain(both);
    expect(await panel.getByTestId('sent-params').innerText()).toContain(both);
    expect(await panel.getByTestId('section-row').innerText()).toContain(SCRIPT);
    expect(await panel.getByTestId('manual-note').locator('textarea').inputValue()).toBe(both);
    await v.send({ type: 'showError', message: both });
    expect(await v.page.getByTestId('error-banner').innerText()).toContain(both);

    await v.page.waitForTimeout(200);
    expect(await v.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await v.page.locator('img').count()).toBe(0);
    expect(await v.page.locator('script').count()).toBe(1);
  });
});

describe('results panel: screenshots', () => {
  const [groq, cerebras, sim] = MODELS as [(typeof MODELS)[0], (typeof MODELS)[0], (typeof MODELS)[0]];
  /** A run under way: graded cells, a failed call, an ungraded cell, manual grades, pending cells. */
  function showcase() {
    const cells = makeCells(14).filter((c) => !(c.runModelId === sim.runModelId && Number(c.datasetRowId?.slice(4)) > 9));
    const replace = (row: number, model: (typeof MODELS)[0], change: Parameters<typeof makeCell>[2]) => {
      const at = cells.findIndex((c) => c.id === `cell-${model.runModelId}-${row}`);
      cells[at] = makeCell(row, model, change);
    };
    replace(1, cerebras, { status: 'failed', output: null, error: 'HTTP 429 Too Many Requests: rate limit reached for model gpt-oss-120b (retry after 2 s)', gradePass: null, gradeScore: null, gradeState: 'none', latencyMs: null, costUsd: null, tokensIn: null, tokensOut: null });
    replace(2, groq, { manualPass: false, manualScore: 0.2, hasManualNote: true });
    replace(3, cerebras, { gradePass: null, gradeScore: null, gradeState: 'ungraded' });
    replace(4, groq, { output: 'billing\n\nThe customer was charged twice for the March invoice; route to the billing team and mention the duplicate transaction id.', gradePass: true, gradeScore: 0.85, manualPass: true });
    return makeInit(14, { cells, run: { status: 'running' } });
  }

  for (const theme of ['dark', 'light', 'high-contrast'] as const) {
    it(`grid and grade panel, ${theme} theme`, async () => {
      const v = await open({ theme, viewport: { width: 1400, height: 820 } });
      await v.send(showcase());
      await cellAt(v, 4, 0).waitFor();
      await v.page.screenshot({ path: `${SCREENSHOTS}/grid-${theme}.png` });

      await cellAt(v, 2, 0).click();
      const cell = makeCell(2, groq, { manualPass: false, manualScore: 0.2, hasManualNote: true });
      await v.send({ type: 'cellDetail', detail: makeDetail(cell, { manualNote: 'Right label, but the answer should also name the team.' }) });
      await v.page.getByTestId('detail-output').waitFor();
      await v.page.screenshot({ path: `${SCREENSHOTS}/grade-panel-${theme}.png` });
      expect(await v.page.getByTestId('grade-panel').isVisible()).toBe(true);
    });
  }
});
