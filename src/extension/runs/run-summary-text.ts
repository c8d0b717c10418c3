/**
 * The one-line summary of a run, shown in the Runs view, the run-end message and (prefixed with
 * its status) the prompt's CodeLens: `87% pass · $0.0042 · p50 410 ms`. A manual grade counts
 * over the automatic one; a run without grades shows how many cells completed. Pure, unit-tested.
 */
import { formatCost, formatLatency, summarizeCells } from '../../core/stats';
import type { CellMetrics, RunStatus } from '../../store/types';

export function runSummaryText(cells: readonly CellMetrics[]): string {
  if (cells.length === 0) return 'no results yet';
  const summary = summarizeCells(cells.map((cell) => ({ ...cell, gradePass: cell.manualPass ?? cell.gradePass })));
  const outcome =
    summary.passRate === null ? `${summary.completed}/${summary.cells} done` : `${Math.round(summary.passRate * 100)}% pass`;
  const parts = [outcome, formatCost(summary.totalCostUsd, summary.costKnown), `p50 ${formatLatency(summary.p50LatencyMs)}`];
  if (summary.errors > 0) parts.push(`${summary.errors} error${summary.errors === 1 ? '' : 's'}`);
  if (cells.every((cell) => cell.simulated)) parts.push('simulated');
  return parts.join(' · ');
}

const STATUS_PREFIX: Record<RunStatus, string> = {
  completed: 'last run',
  cancelled: 'last run (cancelled)',
  failed: 'last run (failed)',
  running: 'running',
  pending: 'running',
};

/** The CodeLens text: `last run: 87% pass · $0.0042 · p50 410 ms`. */
export function formatRunSummary(status: RunStatus, cells: readonly CellMetrics[]): string {
  return `${STATUS_PREFIX[status]}: ${runSummaryText(cells)}`;
}
