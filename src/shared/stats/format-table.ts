import type { ModelSampleAgreement } from './model-agreement';
import type { ClusteredRate } from './clustered-rate';
import { formatRateInterval, formatScoreInterval } from './format-interval';
import { formatPercent } from './percent';
import type { ModelSummary } from './summary';

export interface SummaryTableRow {
  label: string;
  /** The offline simulator: labelled so its figures are never mistaken for a real model's. */
  simulated?: boolean;
  summary: ModelSummary;
  /**
   * `refinery.repeat` > 1: the samples per cell, how often a cell's samples all agree, and the
   * pass rate over samples with its cell-clustered interval and pass^k (null without samples).
   */
  repeats?: { repeat: number; agreement: ModelSampleAgreement; samples?: ClusteredRate | null };
  /** Cells of this model the run never reached (cancelled, or the model stopped). */
  notRun?: number;
}

const UNKNOWN = '—';
/** Shown for a cost whose model has no known price: never `$0`, which would say it was free. */
export const PRICE_UNKNOWN = 'price unknown';
const FOUR_DECIMALS_FROM_USD = 0.0001;

/** `75% (3/4)`: passed of the cells the rate is over (ungraded and errored cells included). */
export function formatPassRate(summary: Pick<ModelSummary, 'passRate' | 'passed' | 'passRateCells'>): string {
  if (summary.passRate === null) return UNKNOWN;
  return `${formatPercent(summary.passRate)} (${summary.passed}/${summary.passRateCells})`;
}

export function formatScore(score: number | null): string {
  return score === null ? UNKNOWN : score.toFixed(2);
}

/** `$0.0042`; tiny amounts to two significant digits (`$0.000030`); `$0` for free models. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= FOUR_DECIMALS_FROM_USD) return `$${usd.toFixed(4)}`;
  const decimals = Math.min(12, Math.ceil(-Math.log10(usd)) + 1);
  return `$${usd.toFixed(decimals)}`;
}

/** A total with some cells' cost unknown is a lower bound (`≥$0.0042`), or `price unknown` when nothing is known. */
export function formatCost(totalUsd: number, costKnown: boolean): string {
  if (costKnown) return formatUsd(totalUsd);
  return totalUsd === 0 ? PRICE_UNKNOWN : `≥${formatUsd(totalUsd)}`;
}

/** One call's cost: `price unknown` when the call used tokens but its model has no price. */
export function formatCallCost(usd: number | null, answered: boolean): string {
  if (usd !== null) return formatUsd(usd);
  return answered ? PRICE_UNKNOWN : UNKNOWN;
}

/** `410 ms` below a second, `1.23 s` above. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return UNKNOWN;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

type Align = 'left' | 'right';

export interface SummaryColumn {
  title: string;
  align: Align;
  cell: (row: SummaryTableRow) => string;
  /** The column shows text from outside (a model id), not a figure. */
  untrusted?: boolean;
}

const COLUMNS: readonly SummaryColumn[] = [
  { title: 'model', align: 'left', cell: (row) => (row.simulated ? `${row.label} (simulated)` : row.label), untrusted: true },
  { title: 'pass rate', align: 'right', cell: (row) => formatPassRate(row.summary) },
  { title: '95% CI', align: 'right', cell: (row) => formatRateInterval(row.summary.passRateInterval) },
  { title: 'ungraded', align: 'right', cell: (row) => String(row.summary.ungraded) },
  { title: 'mean score', align: 'right', cell: (row) => formatScore(row.summary.meanScore) },
  { title: 'score 95% CI', align: 'right', cell: (row) => formatScoreInterval(row.summary.meanScoreInterval) },
  { title: 'cost', align: 'right', cell: (row) => formatCost(row.summary.totalCostUsd, row.summary.costKnown) },
  { title: 'p50', align: 'right', cell: (row) => formatLatency(row.summary.p50LatencyMs) },
  { title: 'p95', align: 'right', cell: (row) => formatLatency(row.summary.p95LatencyMs) },
  { title: 'errored', align: 'right', cell: (row) => String(row.summary.errors) },
];

/** Shown only when a model has cells the run never reached (cancelled, or the model stopped). */
const NOT_RUN_COLUMN: SummaryColumn = { title: 'not run', align: 'right', cell: (row) => String(row.notRun ?? 0) };

/** `75% (3/4)`: the share of repeated cells whose samples all agree. */
export function formatSampleAgreementRate(agreement: ModelSampleAgreement): string {
  if (agreement.rate === null) return UNKNOWN;
  return `${formatPercent(agreement.rate)} (${agreement.agreeingCells}/${agreement.repeatedCells})`;
}

/** Shown only when some model ran more than one sample per cell. */
const REPEAT_COLUMNS: readonly SummaryColumn[] = [
  { title: 'repeat', align: 'right', cell: (row) => `×${row.repeats?.repeat ?? 1}` },
  { title: 'sample agreement', align: 'right', cell: (row) => (row.repeats ? formatSampleAgreementRate(row.repeats.agreement) : UNKNOWN) },
  { title: 'sample pass rate', align: 'right', cell: (row) => formatSamplePassRate(row.repeats?.samples ?? null) },
  { title: 'pass^k', align: 'right', cell: (row) => formatPassAll(row.repeats?.samples ?? null) },
];

/** `58% [44–70]`: passing samples of all samples, the interval clustered by cell. */
export function formatSamplePassRate(samples: ClusteredRate | null): string {
  return samples ? `${formatPercent(samples.rate)} ${formatRateInterval(samples.interval)}` : UNKNOWN;
}

/** `40% [24–58]`: cells whose every sample passed. */
export function formatPassAll(samples: ClusteredRate | null): string {
  return samples ? `${formatPercent(samples.passAll.rate)} ${formatRateInterval(samples.passAll.interval)}` : UNKNOWN;
}

const COLUMN_GAP = '  ';

/** The summary's columns for these rows: the repeat columns only when some model ran samples. */
export function summaryColumns(rows: readonly SummaryTableRow[]): readonly SummaryColumn[] {
  const notRun = rows.some((row) => (row.notRun ?? 0) > 0) ? [NOT_RUN_COLUMN] : [];
  return rows.some((row) => (row.repeats?.repeat ?? 1) > 1) ? [...COLUMNS, ...notRun, ...REPEAT_COLUMNS] : [...COLUMNS, ...notRun];
}

/** An aligned plain-text table, one line per model under a header and a rule, for the CLI. */
export function formatSummaryTable(rows: readonly SummaryTableRow[]): string {
  const columns = summaryColumns(rows);
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, ...cells.map((line) => (line[index] ?? '').length)),
  );
  const render = (values: readonly string[]): string =>
    columns.map((column, index) => {
      const value = values[index] ?? '';
      const width = widths[index] ?? 0;
      return column.align === 'left' ? value.padEnd(width) : value.padStart(width);
    })
      .join(COLUMN_GAP)
      .trimEnd();
  const header = render(columns.map((column) => column.title));
  const rule = widths.map((width) => '-'.repeat(width)).join(COLUMN_GAP);
  return [header, rule, ...cells.map(render)].join('\n');
}
