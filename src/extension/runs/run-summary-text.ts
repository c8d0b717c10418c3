/**
 * The one-line summary of a run shown in the Runs view (and reusable by a CodeLens):
 * `87% pass · $0.0042 · p50 410 ms`. Pure, unit-tested.
 */
import { formatCost, formatLatency, summarizeCells, type SummaryCell } from '../../core/stats';

export function runSummaryText(cells: readonly SummaryCell[]): string {
  if (cells.length === 0) return 'no results';
  const summary = summarizeCells(cells);
  const parts: string[] = [];
  if (summary.passRate !== null) parts.push(`${Math.round(summary.passRate * 100)}% pass`);
  else parts.push(`${summary.completed}/${summary.cells} ok`);
  parts.push(formatCost(summary.totalCostUsd, summary.costKnown));
  if (summary.p50LatencyMs !== null) parts.push(`p50 ${formatLatency(summary.p50LatencyMs)}`);
  if (summary.errors > 0 && summary.passRate !== null) parts.push(`${summary.errors} error${summary.errors === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
