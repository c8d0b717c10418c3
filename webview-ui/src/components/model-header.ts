/** A model's column header: its label, the "simulated" tag, and the live aggregates. */
import { html, nothing, type TemplateResult } from 'lit';
import type { ModelView } from '../../../src/shared/protocol';
import { formatLatency, formatPercent, formatScore, formatTotalCost } from '../format';
import type { ModelStats } from '../stats';

function passRate(label: string, rate: number | null, passes: number, graded: number): TemplateResult {
  return html`<span class="stat" title="${label}: ${passes} of ${graded} graded cells pass"
    >${label} <strong>${formatPercent(rate)}</strong>${graded > 0 ? html` <span class="muted">${passes}/${graded}</span>` : nothing}</span
  >`;
}

export function modelHeader(model: ModelView, stats: ModelStats | undefined): TemplateResult {
  return html`<div class="model-header" role="columnheader">
    <div class="model-title">
      <span class="model-label" title=${model.label}>${model.label}</span>
      ${model.simulated ? html`<span class="tag" title="Simulated output (sim/*): not a real model">simulated</span>` : nothing}
    </div>
    ${stats
      ? html`<div class="model-stats">
          ${passRate('pass', stats.passRate, stats.passes, stats.graded)}
          ${stats.humanGraded > 0 ? passRate('human', stats.humanPassRate, stats.humanPasses, stats.humanGraded) : nothing}
          <span class="stat" title="Mean automatic score">score <strong>${formatScore(stats.meanScore)}</strong></span>
          <span class="stat" title="Total cost">cost <strong>${formatTotalCost(stats.totalCostUsd, stats.costKnown)}</strong></span>
          <span class="stat" title="Latency p50 / p95">p50 <strong>${formatLatency(stats.p50LatencyMs)}</strong> p95
            <strong>${formatLatency(stats.p95LatencyMs)}</strong></span>
          <span class="stat ${stats.errors > 0 ? 'stat-errors' : ''}" title="Failed cells">errors <strong>${stats.errors}</strong></span>
        </div>`
      : nothing}
  </div>`;
}
