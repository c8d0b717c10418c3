/** The grade badges of a cell: the automatic verdict, and beside it (never instead) the manual one. */
import { html, nothing, type TemplateResult } from 'lit';
import { formatSampleAgreement } from '../../../src/shared/stats/sample-agreement';
import type { CellView } from '../../../src/shared/protocol';
import { formatScore } from '../format';

function autoBadge(cell: CellView): TemplateResult | typeof nothing {
  if (cell.status === 'failed') return html`<span class="badge badge-error" title="Errored: the model call failed, there is no output to grade"><span class="codicon codicon-error"></span>errored</span>`;
  if (cell.gradeState === 'none') return nothing;
  if (cell.gradeState === 'ungraded') return html`<span class="badge badge-muted" title="Ungraded: no verdict (a grader's answer could not be read, or its call failed). Not a pass.">ungraded</span>`;
  const score = cell.gradeScore === null ? '' : ` ${formatScore(cell.gradeScore)}`;
  if (cell.gradePass === true) return html`<span class="badge badge-pass" title="Passed (automatic grade)"><span class="codicon codicon-pass"></span>pass${score}</span>`;
  if (cell.gradePass === false) return html`<span class="badge badge-fail" title="Failed (automatic grade)"><span class="codicon codicon-circle-slash"></span>fail${score}</span>`;
  return html`<span class="badge badge-score" title="Automatic grade score">score${score}</span>`;
}

function manualBadge(cell: CellView): TemplateResult | typeof nothing {
  if (cell.manualPass === null && cell.manualScore === null && !cell.hasManualNote) return nothing;
  const verdict = cell.manualPass === null ? '' : cell.manualPass ? 'pass' : 'fail';
  const score = cell.manualScore === null ? '' : ` ${formatScore(cell.manualScore)}`;
  const tone = cell.manualPass === null ? 'badge-manual' : cell.manualPass ? 'badge-manual badge-manual-pass' : 'badge-manual badge-manual-fail';
  return html`<span class="badge ${tone}" title="Manual grade${cell.hasManualNote ? ' (with a note)' : ''}"
    ><span class="codicon codicon-person"></span>${verdict}${score}${cell.hasManualNote ? html`<span class="codicon codicon-note"></span>` : nothing}</span
  >`;
}

/** `refinery.repeat`: how the cell's samples agree, e.g. `4/5 pass · 3 distinct`. */
function samplesBadge(cell: CellView): TemplateResult | typeof nothing {
  const agreement = cell.sampleAgreement;
  if (!agreement) return nothing;
  const title = `${agreement.samples} samples${agreement.allAgree ? ', all agree' : ''} (the grade is the majority of the samples, the score their mean)`;
  return html`<span class="badge badge-muted" data-testid="sample-agreement" title=${title}><span class="codicon codicon-layers"></span>${formatSampleAgreement(agreement)}</span>`;
}

/** pass^k beside the samples' pass count: did every one of the k samples pass? Only with verdicts. */
function passAllBadge(cell: CellView): TemplateResult | typeof nothing {
  const agreement = cell.sampleAgreement;
  if (!agreement || agreement.graded === 0) return nothing;
  const all = agreement.passCount === agreement.samples;
  const title = all
    ? `pass^${agreement.samples}: every one of the ${agreement.samples} samples passed`
    : `pass^${agreement.samples} not met: ${agreement.samples - agreement.passCount} of the ${agreement.samples} samples did not pass (the cell's grade is their majority)`;
  return html`<span class="badge ${all ? 'badge-pass' : 'badge-muted'}" data-testid="pass-all-cell" title=${title}>pass^${agreement.samples} ${all ? '✓' : '✗'}</span>`;
}

export function gradeBadges(cell: CellView): TemplateResult {
  return html`${autoBadge(cell)}${manualBadge(cell)}${samplesBadge(cell)}${passAllBadge(cell)}`;
}
