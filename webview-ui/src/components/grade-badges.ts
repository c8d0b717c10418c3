/** The grade badges of a cell: the automatic verdict, and beside it (never instead) the manual one. */
import { html, nothing, type TemplateResult } from 'lit';
import { formatSampleAgreement } from '../../../src/core/repeats/sample-agreement';
import type { CellView } from '../../../src/shared/protocol';
import { formatScore } from '../format';

function autoBadge(cell: CellView): TemplateResult | typeof nothing {
  if (cell.status === 'failed') return html`<span class="badge badge-error" title="The model call failed"><span class="codicon codicon-error"></span>error</span>`;
  if (cell.gradeState === 'none') return nothing;
  if (cell.gradeState === 'ungraded') return html`<span class="badge badge-muted" title="No verdict: a grader's answer could not be read or its call failed. Not a pass.">ungraded</span>`;
  const score = cell.gradeScore === null ? '' : ` ${formatScore(cell.gradeScore)}`;
  if (cell.gradePass === true) return html`<span class="badge badge-pass" title="Automatic grade: pass"><span class="codicon codicon-pass"></span>pass${score}</span>`;
  if (cell.gradePass === false) return html`<span class="badge badge-fail" title="Automatic grade: fail"><span class="codicon codicon-circle-slash"></span>fail${score}</span>`;
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

export function gradeBadges(cell: CellView): TemplateResult {
  return html`${autoBadge(cell)}${manualBadge(cell)}${samplesBadge(cell)}`;
}
