/**
 * The one-line summary of a run, shown in the Runs view, the run-end message and (prefixed with
 * its status) the prompt's CodeLens: `87% pass · 2 ungraded · $0.0042 · p50 410 ms`. The pass rate
 * is the core's (see `cellOutcome`): over every cell, a manual grade counting over the automatic
 * one; a run without graders or assertions shows how many cells completed. Pure, unit-tested.
 */
import { formatCost, formatLatency, runHasChecks, summarizeCells } from '../../core/stats';
import type { CellMetrics, RunRecord, RunStatus } from '../../store/types';

/** What the summary needs of the run: whether it declares checks. */
export type SummaryRun = Pick<RunRecord, 'graderTexts' | 'config'>;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function runSummaryText(run: SummaryRun, cells: readonly CellMetrics[]): string {
  if (cells.length === 0) return 'no results yet';
  const summary = summarizeCells(cells, { checked: runHasChecks(run, cells), manual: true });
  const outcome =
    summary.passRate === null ? `${summary.completed}/${summary.cells} done` : `${Math.round(summary.passRate * 100)}% pass`;
  const parts = [outcome];
  if (summary.ungraded > 0) parts.push(`${summary.ungraded} ungraded`);
  parts.push(formatCost(summary.totalCostUsd, summary.costKnown), `p50 ${formatLatency(summary.p50LatencyMs)}`);
  if (summary.errors > 0) parts.push(plural(summary.errors, 'error'));
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
export function formatRunSummary(run: SummaryRun & Pick<RunRecord, 'status'>, cells: readonly CellMetrics[]): string {
  return `${STATUS_PREFIX[run.status]}: ${runSummaryText(run, cells)}`;
}
