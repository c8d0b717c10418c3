/** One (row × model) cell of the grid: clipped output as text, grade badges, latency, tokens, cost. */
import { html, type TemplateResult } from 'lit';
import type { CellView } from '../../../src/shared/protocol';
import { formatCallCost, formatCount, formatLatency } from '../format';
import type { CellMark, EmptyCell } from '../results-model';
import { changeBadge } from './change-badge';
import { gradeBadges } from './grade-badges';
import { verdictMarks } from './verdict-marks';

export interface CellLocation {
  rowIndex: number;
  modelIndex: number;
  selected: boolean;
  /** How the cell moved from the baseline run, when one is picked. */
  mark?: CellMark;
  /** What a cell without a result is: still to come, or never run (the run has ended). */
  empty: EmptyCell;
}

/** One text node: the grid lays out thousands of these while scrolling. */
function cellMeta(cell: CellView): TemplateResult {
  if (cell.latencyMs === null && cell.tokensIn === null && cell.tokensOut === null && cell.costUsd === null) {
    return html`<div class="cell-meta">no usage recorded</div>`;
  }
  const text = `${formatLatency(cell.latencyMs)} · ${formatCount(cell.tokensIn)} → ${formatCount(cell.tokensOut)} tok · ${formatCallCost(cell.costUsd, cell.status === 'completed' && cell.tokensIn !== null)}`;
  return html`<div class="cell-meta" title="latency · tokens in → out · cost">${text}</div>`;
}

export function gridCell(cell: CellView | undefined, where: CellLocation): TemplateResult {
  const classes = `cell${where.selected ? ' selected' : ''}`;
  if (!cell && where.empty === 'not-run') {
    return html`<div class="${classes} cell-not-run" role="gridcell" aria-selected=${where.selected} data-row=${where.rowIndex} data-model=${where.modelIndex}
      title="Not run: the run ended before this cell (cancelled, failed, or its model stopped). Re-run failed offers to run it.">
      <span class="cell-not-run-label"><span class="codicon codicon-circle-slash"></span>not run</span>
    </div>`;
  }
  if (!cell && where.empty === 'at-provider') {
    return html`<div class="${classes} cell-pending cell-at-provider" role="gridcell" aria-selected=${where.selected} data-row=${where.rowIndex} data-model=${where.modelIndex}
      title="In a batch at the provider: the result comes when the provider has done the batch (the status bar shows how far).">
      <span class="cell-pending-label"><span class="codicon codicon-cloud-upload"></span>at the provider</span>
    </div>`;
  }
  if (!cell) {
    return html`<div class="${classes} cell-pending" role="gridcell" aria-selected=${where.selected} data-row=${where.rowIndex} data-model=${where.modelIndex}>
      <span class="cell-pending-label"><span class="codicon codicon-loading"></span>pending</span>
    </div>`;
  }
  const failed = cell.status === 'failed';
  const change = where.mark ? ` cell-change-${where.mark.change}` : '';
  return html`<div class="${classes}${failed ? ' cell-failed' : ''}${change}" role="gridcell" aria-selected=${where.selected} data-row=${where.rowIndex} data-model=${where.modelIndex}>
    <div class="cell-badges">${gradeBadges(cell)}${where.mark ? changeBadge(where.mark) : ''}${verdictMarks(cell)}</div>
    <div class="cell-output ${failed ? 'cell-error' : ''}">${failed ? cell.error ?? 'failed' : cell.output ?? ''}</div>
    ${cellMeta(cell)}
  </div>`;
}
