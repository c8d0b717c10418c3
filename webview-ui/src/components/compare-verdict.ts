/**
 * Is the difference real? The comparison's verdict per model, under the toolbar while a baseline
 * is picked: the paired tests' sentences (the core's words), a chip for the verdict, the flipped
 * rows; hovering a test says what its p-value and interval mean.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { BaselineView, ModelComparisonResultView, ModelView, PairedTestView, PairwiseView, SignificanceView } from '../../../src/shared/protocol';
import { explainDifferenceInterval, explainPValue } from '../../../src/shared/stats/explain';

const VERDICT_TEXT: Record<SignificanceView['verdict'], string> = {
  better: 'better',
  worse: 'worse',
  'no-difference': 'no clear difference',
  untested: 'not tested',
};

const VERDICT_ICON: Record<SignificanceView['verdict'], string> = {
  better: 'arrow-up',
  worse: 'arrow-down',
  'no-difference': 'dash',
  untested: 'circle-slash',
};

export const PASS_FAIL_TEST = "McNemar's exact test on the rows whose pass/fail flipped";
export const SCORE_TEST = 'paired bootstrap of the mean score difference, fixed seed';

/** The hover of a test: its p-value (the adjusted one when several models share the verdict) and its interval. */
export function testTitle(test: PairedTestView, name: string, what: string, tests: NonNullable<BaselineView['tests']>): string {
  const p = tests.tested > 1 ? test.adjustedP : test.pValue;
  const holm = tests.tested > 1 ? ` Holm-adjusted over ${tests.tested} models, as the verdict spans them all.` : '';
  return `${explainPValue(p, name, tests.alpha)}${holm} ${explainDifferenceInterval(what)}`;
}

function modelLine(model: ModelView, significance: SignificanceView, tests: NonNullable<BaselineView['tests']>): TemplateResult {
  const { verdict, passFail, score, flipped } = significance;
  return html`<li class="verdict-line" data-testid="verdict" data-verdict=${verdict} data-run-model=${model.runModelId}>
    <span class="verdict-chip verdict-${verdict}"><span class="codicon codicon-${VERDICT_ICON[verdict]}"></span>${VERDICT_TEXT[verdict]}</span>
    <span class="verdict-model" title=${model.label}>${model.label}</span>
    ${passFail
      ? html`<span class="verdict-test" data-testid="verdict-pass" title=${testTitle(passFail, PASS_FAIL_TEST, 'pass rate', tests)}>pass rate ${passFail.sentence}</span>`
      : html`<span class="muted">pass rate not tested (no grader or assertion on a side, or no row in both)</span>`}
    ${score ? html`<span class="verdict-test muted" data-testid="verdict-score" title=${testTitle(score, SCORE_TEST, 'mean score', tests)}>· score ${score.sentence}</span>` : nothing}
    ${flipped ? html`<span class="muted verdict-flipped" data-testid="verdict-flipped" title="Rows whose pass/fail differs between the two sides">· ${flipped}</span>` : nothing}
  </li>`;
}

/** The pairwise judge's line: win rate with its interval and sign test, and the judge's position bias. */
function pairwiseLine(pairwise: PairwiseView, alpha: number): TemplateResult {
  const title = `${explainPValue(pairwise.pValue, 'sign test on the pairs one side won, ties left out', alpha)} Every pair was judged twice, with the outputs in both orders; orders that disagree count as a tie.`;
  return html`<li class="verdict-line" data-testid="pairwise">
    <span class="verdict-chip"><span class="codicon codicon-law"></span>pairwise</span>
    <span class="verdict-model" title=${pairwise.grader}>${pairwise.grader}</span>
    <span class="verdict-test" data-testid="pairwise-result" title=${title}>A = this run, B = the baseline: ${pairwise.sentence}</span>
    <span class="muted" data-testid="pairwise-bias" title="Share of pairs where the judge picked the same position in both orders: a judge that follows the position, not the content">· ${pairwise.positionBias}</span>
  </li>`;
}

export function compareVerdict(baseline: BaselineView | null, models: readonly ModelView[], pairwise: PairwiseView | null = null): TemplateResult | typeof nothing {
  const tests = baseline?.tests;
  if (!baseline || !tests) return nothing;
  const byId = new Map(baseline.models.map((m) => [m.runModelId, m.significance]));
  const lines = models.flatMap((model) => {
    const significance = byId.get(model.runModelId);
    return significance ? [modelLine(model, significance, tests)] : [];
  });
  if (lines.length === 0) return nothing;
  return html`<section class="compare-verdict" data-testid="compare-verdict" aria-label="Is the difference real?">
    <div class="verdict-head"><span class="codicon codicon-git-compare"></span><strong>Is the difference real?</strong>
      <span class="muted">vs ${baseline.label}: ${tests.preamble}.</span></div>
    <ul class="verdict-lines">${lines}${pairwise ? pairwiseLine(pairwise, tests.alpha) : nothing}</ul>
  </section>`;
}

/** Two models of this run compared on their rows: A's verdict against B, with the same sentences and hovers. */
export function modelComparisonVerdict(comparison: ModelComparisonResultView | null, onClose: () => void): TemplateResult | typeof nothing {
  if (!comparison) return nothing;
  const model: ModelView = { runModelId: 'model-comparison', label: `${comparison.modelA} (A) vs ${comparison.modelB} (B)`, provider: '', model: '', simulated: false };
  return html`<section class="compare-verdict" data-testid="model-comparison" aria-label="Two models compared">
    <div class="verdict-head"><span class="codicon codicon-split-horizontal"></span><strong>Is the difference real?</strong>
      <span class="muted">${comparison.modelA} (A) vs ${comparison.modelB} (B) on this run's rows: ${comparison.tests.preamble}.</span>
      <vscode-icon name="close" action-icon label="Close the model comparison" data-testid="close-model-comparison" @click=${onClose}></vscode-icon></div>
    <ul class="verdict-lines">${modelLine(model, comparison.significance, comparison.tests)}</ul>
  </section>`;
}
