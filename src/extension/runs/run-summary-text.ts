/**
 * The one-line summary of a run, shown in the Runs view, the run-end message and (prefixed with
 * its status) the prompt's CodeLens: `75% passed · 2 ungraded · 1 errored · 4 not run · $0.0042 ·
 * p50 410 ms`. The figures are the grid header's and the CLI's: the automatic grade over every
 * cell that ran (see `cellOutcome`; grades set by hand show beside it in the grid, never over it),
 * rounded by the one rule (`formatPercent`). A run without graders or assertions shows how many
 * cells completed. Pure, unit-tested.
 */
import { countOutcomes, formatCost, formatLatency, formatPercent, formatRateInterval, formatScoreInterval, runHasChecks, summarizeCells } from '../../core/stats';
import type { CellMetrics, RunModelRecord, RunRecord, RunStatus } from '../../core/model';

/** What the summary needs of the run: whether it declares checks. */
export type SummaryRun = Pick<RunRecord, 'graderTexts' | 'config'>;

export interface SummaryOptions {
  /** Cells the run would have had in full (rows × models): the ones missing did not run. */
  expectedCells?: number;
}

export function runSummaryText(run: SummaryRun, cells: readonly CellMetrics[], options: SummaryOptions = {}): string {
  if (cells.length === 0) return 'no results yet';
  const summary = summarizeCells(cells, { checked: runHasChecks(run, cells) });
  const notRun = Math.max(0, (options.expectedCells ?? cells.length) - cells.length);
  const outcome = summary.passRate === null ? `${summary.completed}/${summary.cells} completed` : `${formatPercent(summary.passRate)} passed`;
  const parts = [outcome];
  if (summary.ungraded > 0) parts.push(`${summary.ungraded} ungraded`);
  if (summary.errors > 0) parts.push(`${summary.errors} errored`);
  if (notRun > 0) parts.push(`${notRun} not run`);
  parts.push(formatCost(summary.totalCostUsd, summary.costKnown), `p50 ${formatLatency(summary.p50LatencyMs)}`);
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

/** The CodeLens text: `last run on sim/echo: 75% passed · $0.0042 · p50 410 ms`. */
export function formatRunSummary(run: SummaryRun & Pick<RunRecord, 'status'>, cells: readonly CellMetrics[], options: SummaryOptions & { models?: string } = {}): string {
  return `${STATUS_PREFIX[run.status]}${options.models ? ` on ${options.models}` : ''}: ${runSummaryText(run, cells, options)}`;
}

/** `48 cells: 36 passed, 5 failed, 2 ungraded, 1 errored, 4 not run` (the Runs view's tooltip). */
export function runCountsText(run: SummaryRun, cells: readonly CellMetrics[], options: SummaryOptions = {}): string {
  const checked = runHasChecks(run, cells);
  const counts = countOutcomes(cells, { checked });
  const notRun = Math.max(0, (options.expectedCells ?? cells.length) - cells.length);
  const total = cells.length + notRun;
  const parts = checked
    ? [`${counts.passed} passed`, `${counts.failed} failed`, `${counts.ungraded} ungraded`]
    : [`${counts.unchecked} completed`];
  parts.push(`${counts.errored} errored`);
  if (notRun > 0) parts.push(`${notRun} not run`);
  return `${total} cell${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/**
 * The Runs view tooltip's lines, one per model: `groq/x: passed 87% [78–92] n=96 · score 0.81
 * [0.75–0.86]`, then what the brackets are (95 % intervals: Wilson for the pass rate, t for the
 * mean score). The pass rate is the summary line's (the automatic grade, the one rounding rule).
 * Empty for a run without checks or cells.
 */
export function runIntervalLines(run: SummaryRun & { models: readonly RunModelRecord[] }, cells: readonly CellMetrics[]): string[] {
  const checked = runHasChecks(run, cells);
  if (!checked || cells.length === 0) return [];
  const lines = run.models.flatMap((model) => {
    const own = cells.filter((c) => c.runModelId === model.id);
    const summary = summarizeCells(own, { checked });
    if (summary.passRate === null) return [];
    const score = summary.meanScore === null ? '' : ` · score ${summary.meanScore.toFixed(2)} ${formatScoreInterval(summary.meanScoreInterval)}`;
    return [`${model.displayLabel || `${model.provider}/${model.model}`}: passed ${formatPercent(summary.passRate)} ${formatRateInterval(summary.passRateInterval)} n=${summary.passRateCells}${score}`];
  });
  return lines.length === 0 ? [] : [...lines, '[brackets]: 95% intervals (Wilson for the pass rate, t for the mean score): the value on more rows like these plausibly lies within them.'];
}
