import { formatCost, formatLatency, summarizeCells } from '../../core/stats';
import type { CellMetrics, RunStatus } from '../../store/types';

const STATUS_PREFIX: Record<RunStatus, string> = {
  completed: 'last run',
  cancelled: 'last run (cancelled)',
  failed: 'last run (failed)',
  running: 'running',
  pending: 'running',
};

/**
 * The CodeLens text for a run: `last run: 87% pass · $0.0042 · p50 410 ms`. A manual grade
 * counts over the automatic one; a run without grades shows how many cells completed.
 */
export function formatRunSummary(status: RunStatus, cells: readonly CellMetrics[]): string {
  const prefix = STATUS_PREFIX[status];
  if (cells.length === 0) return `${prefix}: no results yet`;
  const summary = summarizeCells(cells.map((cell) => ({ ...cell, gradePass: cell.manualPass ?? cell.gradePass })));
  const outcome =
    summary.passRate === null ? `${summary.completed}/${summary.cells} done` : `${Math.round(summary.passRate * 100)}% pass`;
  const parts = [outcome, formatCost(summary.totalCostUsd, summary.costKnown), `p50 ${formatLatency(summary.p50LatencyMs)}`];
  if (summary.errors > 0) parts.push(`${summary.errors} error${summary.errors === 1 ? '' : 's'}`);
  if (cells.every((cell) => cell.simulated)) parts.push('simulated');
  return `${prefix}: ${parts.join(' · ')}`;
}
