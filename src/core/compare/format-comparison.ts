import { formatLatency, formatPercent, formatWholePoints, formatScore, formatUsd } from '../stats';
import type { ModelComparison, RunComparison } from './compare-runs';
import type { Significance } from './significance';
import { modelVerdictLines, testsPreamble } from './verdict-text';

const UNKNOWN = '—';
const MAX_LISTED = 20;

const percent = formatPercent;

/** `75% → 80% (+5 pts)`; a change that rounds to nothing reads `±0 pts`, never `-0 pts`. */
function change(before: string, after: string, delta: number | null, format: (d: number) => string): string {
  if (delta === null) return `${before} → ${after}`;
  const shown = format(Math.abs(delta));
  const sign = shown === format(0) ? '±' : delta > 0 ? '+' : '-';
  return `${before} → ${after} (${sign}${shown})`;
}

const COLUMNS: ReadonlyArray<{ title: string; cell: (m: ModelComparison) => string }> = [
  { title: 'model', cell: (m) => m.modelId },
  { title: 'pass rate', cell: (m) => change(percent(m.baseline?.passRate ?? null), percent(m.current?.passRate ?? null), m.deltas.passRate, formatWholePoints) },
  { title: 'mean score', cell: (m) => change(formatScore(m.baseline?.meanScore ?? null), formatScore(m.current?.meanScore ?? null), m.deltas.meanScore, (d) => d.toFixed(2)) },
  { title: 'cost', cell: (m) => change(m.baseline ? formatUsd(m.baseline.totalCostUsd) : UNKNOWN, m.current ? formatUsd(m.current.totalCostUsd) : UNKNOWN, m.deltas.costUsd, formatUsd) },
  { title: 'p50', cell: (m) => change(formatLatency(m.baseline?.p50LatencyMs ?? null), formatLatency(m.current?.p50LatencyMs ?? null), m.deltas.p50LatencyMs, formatLatency) },
  { title: 'improved', cell: (m) => String(m.counts.improved) },
  { title: 'regressed', cell: (m) => String(m.counts.regressed) },
  { title: 'changed', cell: (m) => String(m.counts.changed) },
  { title: 'unchanged', cell: (m) => String(m.counts.unchanged) },
  { title: 'new', cell: (m) => String(m.counts.new) },
  { title: 'missing', cell: (m) => String(m.counts.missing) },
];

/** The CLI's comparison: one line per model (baseline → current, delta), then the regressed cells. */
export function formatComparison(comparison: RunComparison): string {
  const lines = comparison.models.map((m) => COLUMNS.map((c) => c.cell(m)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (values: readonly string[]) => values.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const out = [
    comparison.title,
    '',
    render(COLUMNS.map((c) => c.title)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...lines.map(render),
  ];
  out.push('', ...formatVerdicts(comparison.significance));
  const regressed = comparison.cells.filter((c) => c.change === 'regressed');
  if (regressed.length > 0) {
    out.push('', `regressed cells (${regressed.length}):`);
    for (const cell of regressed.slice(0, MAX_LISTED)) out.push(`  row ${cell.rowIndex ?? '—'}  ${cell.modelId}  ${cell.reason}`);
    if (regressed.length > MAX_LISTED) out.push(`  … and ${regressed.length - MAX_LISTED} more`);
  }
  return out.join('\n');
}

/** `is the difference real?`: each model's verdict, its tests and its flipped rows. */
export function formatVerdicts(significance: Significance): string[] {
  const out = [`Is the difference real? ${testsPreamble(significance)}.`];
  for (const model of significance.models) {
    out.push(`  ${model.modelId}`, ...modelVerdictLines(model, significance).map((line) => `    ${line}`));
  }
  return out;
}
