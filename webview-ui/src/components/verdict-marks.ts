/** Each grader's and assertion's own verdict in a cell, compactly: "✓ is-bug ✗ contains" (the reasons are in the grade panel). */
import { html, nothing, type TemplateResult } from 'lit';
import type { CellView } from '../../../src/shared/protocol';
import { formatScore } from '../format';

type Verdict = NonNullable<CellView['verdicts']>[number];

/** `graders/is-bug.prompt` → `is-bug`; `assert:contains` → `contains`. */
export function shortVerdictName(name: string): string {
  if (name.startsWith('assert:')) return name.slice('assert:'.length);
  return (name.split('/').pop() ?? name).replace(/\.prompt$/, '');
}

function mark(verdict: Verdict): TemplateResult {
  const state = verdict.pass === null ? 'none' : verdict.pass ? 'pass' : 'fail';
  const icon = verdict.pass === null ? 'circle-outline' : verdict.pass ? 'check' : 'close';
  const score = verdict.score === null ? '' : ` · score ${formatScore(verdict.score)}`;
  return html`<span class="verdict verdict-${state}" data-testid="verdict" data-verdict=${verdict.name} title="${verdict.name}: ${state === 'none' ? 'no verdict' : state}${score}"
    ><span class="codicon codicon-${icon}"></span>${shortVerdictName(verdict.name)}</span
  >`;
}

export function verdictMarks(cell: CellView): TemplateResult | typeof nothing {
  if (cell.status === 'failed' || !cell.verdicts || cell.verdicts.length < 2) return nothing;
  return html`<span class="verdicts">${cell.verdicts.map(mark)}</span>`;
}
