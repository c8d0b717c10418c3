/** The mark of a cell compared with the baseline run: improved / regressed / changed / new (unchanged shows nothing). */
import { html, nothing, type TemplateResult } from 'lit';
import type { CellMark } from '../results-model';

const ICONS = { improved: 'arrow-up', regressed: 'arrow-down', changed: 'diff', new: 'add' } as const;

export function changeBadge(mark: CellMark): TemplateResult | typeof nothing {
  if (mark.change === 'unchanged') return nothing;
  return html`<span class="badge badge-change badge-change-${mark.change}" data-testid="change-badge" data-change=${mark.change} title="vs baseline: ${mark.reason}"
    ><span class="codicon codicon-${ICONS[mark.change]}"></span>${mark.change}</span
  >`;
}
