/** A model's column header: its label, the "simulated" tag, the live aggregates, and the deltas vs a baseline run. */
import { html, nothing, type TemplateResult } from 'lit';
import type { ModelView } from '../../../src/shared/protocol';
import { formatDiscount, formatLatency, formatPercent, formatWholePoints, formatScore, formatTotalCost, formatUsd } from '../format';
import type { ModelComparisonView } from '../results-model';
import type { ModelStats } from '../stats';
import { explainPassAll, explainRateInterval, explainSampleRate, explainScoreInterval } from '../../../src/shared/stats/explain';
import { formatPValue, formatRateInterval, formatScoreInterval } from '../../../src/shared/stats/format-interval';

function passRate(label: string, rate: number | null, passes: number, over: number, title: string, testId: string): TemplateResult {
  return html`<span class="stat" data-testid=${testId} title=${title}
    >${label} <strong>${formatPercent(rate)}</strong>${over > 0 ? html` <span class="muted">${passes}/${over}</span>` : nothing}</span
  >`;
}

/** `[78–92]` beside the automatic pass rate (its `passes/cells` already says n); the hover says what it means. */
function passRateInterval(stats: ModelStats): TemplateResult | typeof nothing {
  if (!stats.passRateInterval) return nothing;
  return html`<span class="stat interval" data-testid="pass-rate-interval" title=${explainRateInterval(stats.passRateInterval, stats.passRateCells)}
    >${formatRateInterval(stats.passRateInterval)}</span
  >`;
}

function score(stats: ModelStats): TemplateResult {
  const interval = stats.meanScoreInterval;
  return html`<span class="stat" data-testid="mean-score" title=${interval ? explainScoreInterval(interval, stats.scored) : 'Mean automatic score'}
    >score <strong>${formatScore(stats.meanScore)}</strong>${interval ? html` <span class="interval">${formatScoreInterval(interval)}</span>` : nothing}</span
  >`;
}

/** `refinery.repeat`: the pass rate over samples (interval clustered by cell) and pass^k. */
function samples(stats: ModelStats): TemplateResult | typeof nothing {
  const rate = stats.samples;
  if (!rate) return nothing;
  return html`<span class="stat" data-testid="sample-pass-rate" title=${explainSampleRate(rate)}
      >samples <strong>${formatPercent(rate.rate)}</strong> <span class="interval">${formatRateInterval(rate.interval)}</span></span
    >
    <span class="stat" data-testid="pass-all" title=${explainPassAll(rate)}
      >pass^k <strong>${formatPercent(rate.passAll.rate)}</strong> <span class="interval">${formatRateInterval(rate.passAll.interval)}</span></span
    >`;
}

/** Cells with checks but no verdict: not passed, so they pull the pass rate down; shown whenever the run has checks. */
function ungraded(stats: ModelStats): TemplateResult | typeof nothing {
  if (!stats.checked) return nothing;
  return html`<span class="stat ${stats.ungraded > 0 ? 'stat-ungraded' : ''}" data-testid="ungraded"
    title="Ungraded cells: no grader verdict (the judge's answer could not be read, its call failed, or no grader ran). They count as not passed."
    >ungraded <strong>${stats.ungraded}</strong></span
  >`;
}

/** The batch tag beside a batch run's cost: `batch −50 %`, or `batch` when the run did not keep its discount. */
function batchTagText(batch: NonNullable<ModelView['batch']>): string {
  return batch.discount === null ? 'batch' : `batch ${formatDiscount(batch.discount)}`;
}

function batchCostTitle(batch: NonNullable<ModelView['batch']>): string {
  const price = batch.discount === null ? 'the batch price' : `the batch price, ${formatDiscount(batch.discount)} on the live one`;
  return `Total cost at batch prices: the answers that came back from a batch cost ${price}. Cells re-run live cost the live price; graders always run live.`;
}

/** The model's total cost; in a batch run, tagged with its discount. */
function cost(model: ModelView, stats: ModelStats): TemplateResult {
  const total = html`<strong>${formatTotalCost(stats.totalCostUsd, stats.costKnown)}</strong>`;
  if (!model.batch) return html`<span class="stat" title="Total cost">cost ${total}</span>`;
  return html`<span class="stat" data-testid="batch-cost" title=${batchCostTitle(model.batch)}
    >cost ${total} <span class="tag tag-batch" data-testid="batch-tag">${batchTagText(model.batch)}</span></span
  >`;
}

function automaticTitle(stats: ModelStats): string {
  if (!stats.checked) return 'No grader or assertion in this run: nothing to pass';
  return `Passed (automatic grade): ${stats.passes} of ${stats.passRateCells} cells (failed, ungraded and errored cells count as not passed; grades set by hand show as human)`;
}

/** How often the grader agrees with the people, over the cells both graded; kappa in the tooltip. */
function agreement(stats: ModelStats): TemplateResult | typeof nothing {
  const { agreementRate, compared, kappa } = stats.agreement;
  if (compared === 0) return nothing;
  const kappaText = kappa === null ? 'κ undefined (one answer only)' : `Cohen's κ ${kappa.toFixed(2)}`;
  return html`<span class="stat" data-testid="agreement" title="Judge ↔ human agreement: the grader and a person gave the same pass/fail on ${Math.round((agreementRate ?? 0) * compared)} of ${compared} cells both graded (${kappaText})"
    >agree <strong>${formatPercent(agreementRate)}</strong> <span class="muted">n=${compared}</span></span
  >`;
}

/**
 * A delta with its tone: `higherIsBetter` for pass rate and score, the reverse for cost and
 * latency. Sign and tone follow what is shown: a change that rounds to nothing reads `±0 pts`,
 * untoned — never a red `−0 pts`.
 */
function delta(label: string, value: number | null, format: (abs: number) => string, higherIsBetter: boolean, testId: string): TemplateResult | typeof nothing {
  if (value === null) return nothing;
  const shown = format(Math.abs(value));
  const none = shown === format(0);
  const tone = none ? '' : value > 0 === higherIsBetter ? 'delta-better' : 'delta-worse';
  const signed = none ? `±${shown}` : `${value > 0 ? '+' : '−'}${shown}`;
  return html`<span class="stat ${tone}" data-testid=${testId}>${label} <strong>${signed}</strong></span>`;
}

/** `p = 0.19` beside the deltas: is the pass-rate change more than noise? */
function significance(model: ModelComparisonView): TemplateResult | typeof nothing {
  const test = model.significance?.passFail;
  if (!test) return nothing;
  const tone = model.significance?.verdict === 'better' ? 'delta-better' : model.significance?.verdict === 'worse' ? 'delta-worse' : '';
  return html`<span class="stat ${tone}" data-testid="delta-p" title=${test.sentence}><strong>${formatPValue(test.adjustedP)}</strong></span>`;
}

function comparison(model: ModelComparisonView): TemplateResult {
  if (!model.inBaseline) return html`<div class="model-deltas muted" data-testid="deltas">not in the baseline run</div>`;
  const { deltas, counts } = model;
  return html`<div class="model-deltas" data-testid="deltas" title="This run − the baseline run">
    <span class="muted">vs baseline</span>
    ${delta('passed', deltas.passRate, formatWholePoints, true, 'delta-pass')} ${significance(model)}
    ${delta('score', deltas.meanScore, (d) => d.toFixed(2), true, 'delta-score')}
    ${delta('cost', deltas.costUsd, formatUsd, false, 'delta-cost')}
    ${delta('p50', deltas.p50LatencyMs, formatLatency, false, 'delta-p50')}
    <span class="stat" data-testid="change-counts" title="cells improved / regressed / changed"
      ><span class="change-improved">▲${counts.improved}</span> <span class="change-regressed">▼${counts.regressed}</span>
      <span class="change-changed">~${counts.changed}</span></span
    >
  </div>`;
}

export function modelHeader(model: ModelView, stats: ModelStats | undefined, compared?: ModelComparisonView): TemplateResult {
  return html`<div class="model-header" role="columnheader" data-run-model=${model.runModelId}>
    <div class="model-title">
      <span class="model-label" title=${model.label}>${model.label}</span>
      ${model.simulated ? html`<span class="tag" title="Simulated output (sim/*): not a real model">simulated</span>` : nothing}
    </div>
    ${stats
      ? html`<div class="model-stats">
          ${passRate('passed', stats.passRate, stats.passes, stats.passRateCells, automaticTitle(stats), 'pass-rate')}
          ${passRateInterval(stats)}
          ${samples(stats)}
          ${ungraded(stats)}
          ${stats.humanGraded > 0
            ? passRate('human', stats.humanPassRate, stats.humanPasses, stats.humanGraded, `Manual grades: ${stats.humanPasses} of ${stats.humanGraded} cells people graded pass`, 'human-pass-rate')
            : nothing}
          ${agreement(stats)}
          ${score(stats)}
          ${cost(model, stats)}
          <span class="stat" title="Latency p50 / p95">p50 <strong>${formatLatency(stats.p50LatencyMs)}</strong> p95
            <strong>${formatLatency(stats.p95LatencyMs)}</strong></span>
          <span class="stat ${stats.errors > 0 ? 'stat-errors' : ''}" data-testid="errored" title="Errored cells: the model call failed, there is no output to grade. They count as not passed.">errored <strong>${stats.errors}</strong></span>
        </div>`
      : nothing}
    ${compared ? comparison(compared) : nothing}
  </div>`;
}
