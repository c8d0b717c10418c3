// The results panel in real Chromium: intervals on the model headers and the compare verdict,
// from a baseline view built by the extension's own `buildBaselineView` on real comparisons.
import { copyFileSync, mkdirSync } from 'node:fs';
import { parseRunConfig } from '../../src/core/model/run-config';
import { describe, expect, it } from 'vitest';
import { buildBaselineView } from '../../src/extension/results/baseline-view';
import { pairwiseView } from '../../src/extension/results/pairwise-view';
import { buildModelComparison } from '../../src/extension/results/model-comparison';
import { summarizePairwise, type OrderVerdict, type PairJudgment } from '../../src/core/pairwise';
import type { CompareSide } from '../../src/core/compare';
import type { CellView } from '../../src/shared/protocol';
import type { CellRecord, RunRecord } from '../../src/core/model';
import { SCREENSHOTS, useWebviewSession } from './support/webview-session';
import { MODELS, makeCell, makeInit, makeRows } from './support/results-fixture';

const [groq, cerebras] = MODELS as [(typeof MODELS)[0], (typeof MODELS)[0]];
const MODELS_SHOWN = [groq, cerebras];
const ROWS = 40;

const { open } = useWebviewSession();

const order = (): OrderVerdict => ({ choice: 'A', position: 'first', reason: '', costUsd: 0.00001 });

/** groq: 10 rows regressed (rows 20–29), none improved; cerebras: 3 regressed, 1 improved. */
const currentPass = (model: string, row: number): boolean => (model === groq.runModelId ? row < 20 || (row >= 30 && row < 36) : row >= 3 && row <= 36);
const baselinePass = (_model: string, row: number): boolean => row < 36;

function run(id: string): RunRecord {
  return {
    id, promptId: 'p', datasetId: 'ds', status: 'completed', promptText: '', graderTexts: { 'graders/correct_label.prompt': '' }, partialTexts: { prompt: {}, graders: {} }, config: parseRunConfig({}), createdAt: '', updatedAt: '',
    models: MODELS_SHOWN.map((m) => ({ id: id === 'current' ? m.runModelId : `base-${m.runModelId}`, runId: id, provider: m.provider, model: m.model, displayLabel: m.label, params: {} })),
  };
}

function side(id: 'current' | 'baseline'): CompareSide {
  const r = run(id);
  const cells = r.models.flatMap((model) =>
    Array.from({ length: ROWS }, (_, row): CellRecord => {
      const pass = id === 'current' ? currentPass(model.id, row) : baselinePass(model.id, row);
      return {
        id: `${id}-${model.id}-${row}`, runModelId: model.id, datasetRowId: `row-${row}`, status: 'completed', outputText: 'billing', errorText: null,
        latencyMs: 100, tokensIn: 10, tokensOut: 2, tokensCached: 0, costUsd: 0.00001, gradeScore: pass ? 1 : 0.25, gradePass: pass, gradeReason: null, grades: [],
        attempts: 1, providerTiming: {}, simulated: false, samples: [], manualScore: null, manualPass: null, manualNote: null, createdAt: '',
      };
    }),
  );
  return { run: r, cells, rows: Array.from({ length: ROWS }, (_, i) => ({ id: `row-${i}`, datasetId: 'ds', rowIndex: i, data: {} })) };
}

/** The grid's cells of the current side, with the ids the host gives them (`cellKey`). */
function gridCells(): CellView[] {
  return MODELS_SHOWN.flatMap((model) =>
    Array.from({ length: ROWS }, (_, row) => {
      const pass = currentPass(model.runModelId, row);
      return makeCell(row, model, { id: `${model.runModelId}:row-${row}`, gradePass: pass, gradeScore: pass ? 1 : 0.25 });
    }),
  );
}

describe('results panel: is the difference real?', () => {
  it('shows the pass-rate interval on each header and each model\'s verdict vs the baseline, with hovers that explain them', async () => {
    const v = await open();
    await v.send({ ...makeInit(ROWS, { models: MODELS_SHOWN, cells: gridCells() }), rows: makeRows(ROWS) });
    await v.page.locator('.grid-row').first().waitFor();

    // groq passes 26 of 40: Wilson [0.4951, 0.7787]; cerebras 34 of 40: [0.7094, 0.9294] (scipy binomtest proportion_ci wilson)
    const interval = v.page.locator('.model-header').nth(0).getByTestId('pass-rate-interval');
    expect(await interval.innerText()).toBe('[50–78]');
    expect(await interval.getAttribute('title')).toMatch(/^95% Wilson interval: from these 40 cells, the pass rate on more rows like them is plausibly between 50% and 78%/);
    expect(await v.page.locator('.model-header').nth(1).getByTestId('pass-rate-interval').innerText()).toBe('[71–93]');
    expect(await v.page.getByTestId('compare-verdict').count()).toBe(0);

    const baseline = buildBaselineView(side('current'), side('baseline'), 'triage · Nov 26, 00:40:12');
    await v.send({ type: 'baseline', baseline });
    await v.page.getByTestId('compare-verdict').waitFor();

    const lines = v.page.getByTestId('verdict');
    expect(await lines.count()).toBe(2);
    expect(await lines.nth(0).getAttribute('data-verdict')).toBe('worse');
    // groq: McNemar exact 0 vs 10, p = 2/1024; Holm over 2 models: 2 × 0.00195 = 0.0039
    const groqPass = lines.nth(0).getByTestId('verdict-pass');
    expect(await groqPass.innerText()).toMatch(/^pass rate -25\.0 points \[-\d+\.\d, -\d+\.\d\], p = 0\.002, Holm-adjusted over 2 models p = 0\.004 — significant regression at 0\.05 \(0 improved, 10 regressed\)$/);
    expect(await groqPass.getAttribute('title')).toMatch(/^p = 0\.004 \(McNemar's exact test on the rows whose pass\/fail flipped\): if the two sides were equally good, .* Holm-adjusted over 2 models/);
    expect(await lines.nth(0).getByTestId('verdict-flipped').innerText()).toBe('· regressed rows 20, 21, 22, 23, 24, 25, 26, 27, 28, 29');
    // cerebras: 1 improved, 3 regressed: p = 0.625, not significant
    expect(await lines.nth(1).getAttribute('data-verdict')).toBe('no-difference');
    expect(await lines.nth(1).getByTestId('verdict-pass').innerText()).toContain('— not significant at 0.05 (1 improved, 3 regressed)');
    expect(await lines.nth(1).getByTestId('verdict-score').getAttribute('title')).toContain('paired bootstrap');
    expect(await v.page.locator('.model-header').nth(0).getByTestId('delta-p').innerText()).toBe('p = 0.004');

    // the toolbar's pairwise action asks the host; its result joins the verdicts
    await v.page.getByTestId('judge-pairwise').click();
    expect((await v.posted()).filter((m) => m.type === 'judgePairwise')).toHaveLength(1);
    const judgments = Array.from({ length: 20 }, (_, i): PairJudgment => {
      const outcome = i < 11 ? 'A' : i < 14 ? 'B' : 'tie';
      const followed = i >= 17; // 3 of 20 pairs picked the first position both times: ties
      return { modelId: groq.label, rowIndex: i, outcome, followedPosition: followed, costUsd: 0.00002, aFirst: order(), bFirst: order() };
    });
    await v.send({ type: 'pairwise', pairwise: pairwiseView(summarizePairwise(judgments), 'graders/preference.prompt', 'groq/openai/gpt-oss-120b') });
    const pairwise = v.page.getByTestId('pairwise');
    await pairwise.waitFor();
    // 11 vs 3: sign test p = 2·P(X ≤ 3 | Bin(14, ½)) = 2·470/16384 = 0.0574; Wilson 11/14 = [0.5241, 0.9243] (scipy)
    expect(await pairwise.getByTestId('pairwise-result').innerText()).toBe(
      'A = this run, B = the baseline: A wins 11, B wins 3, ties 6 — win rate of A 79% [52–92] over 14 decisive pairs, sign test p = 0.06, not significant at 0.05',
    );
    expect(await pairwise.getByTestId('pairwise-bias').innerText()).toBe('· position bias 15% (3 of 20 judged pairs picked the same position in both orders, so they count as ties)');

    await v.page.screenshot({ path: `${SCREENSHOTS}/significance-dark.png` });
    mkdirSync('docs/screenshots', { recursive: true });
    copyFileSync(`${SCREENSHOTS}/significance-dark.png`, 'docs/screenshots/compare-significance-dark.png');
  });

  it('compares two models of the run on their rows, from the toolbar', async () => {
    const v = await open();
    await v.send({ ...makeInit(ROWS, { models: MODELS_SHOWN, cells: gridCells() }), rows: makeRows(ROWS) });
    await v.page.getByTestId('compare-models').click();
    expect((await v.posted()).filter((m) => m.type === 'compareModels')).toHaveLength(1);

    // groq passes rows 0–19 and 30–35, cerebras rows 3–36: groq alone on 0–2 (3 rows), cerebras alone on 20–29 and 36 (11)
    const comparison = buildModelComparison(side('current'), groq.label, cerebras.label);
    await v.send({ type: 'modelComparison', comparison });
    const section = v.page.getByTestId('model-comparison');
    await section.waitFor();
    // p = 2·P(X ≤ 3 | Bin(14, ½)) = 0.0574 (scipy binomtest(3, 14).pvalue)
    expect(await section.getByTestId('verdict-pass').innerText()).toMatch(/^pass rate -20\.0 points \[-\d+\.\d, [-+]\d+\.\d\], p = 0\.06 — not significant at 0\.05 \(3 improved, 11 regressed\)$/);
    expect(await section.innerText()).toContain(`${groq.label} (A) vs ${cerebras.label} (B) on this run's rows`);
    await section.getByTestId('close-model-comparison').click();
    expect((await v.posted()).filter((m) => m.type === 'clearModelComparison')).toHaveLength(1);
  });
});

