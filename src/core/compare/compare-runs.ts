import { runHasChecks, summarizeCells, type ModelSummary } from '../stats';
import { modelIdOf } from '../run/run-plan';
import type { CellRecord, DatasetRowRecord, RunModelRecord, RunRecord } from '../model';
import { classifyCell, type CellChange, type CellClassification, type CompareChecks } from './classify-cell';
import { DEFAULT_ALPHA, pairedSignificance, type PairedRow, type Significance } from './significance';

/** One run as compare needs it: the run, its cells and the dataset rows they point at. */
export interface CompareSide {
  run: RunRecord;
  cells: CellRecord[];
  rows: DatasetRowRecord[];
}

export interface CellComparison extends CellClassification {
  modelId: string;
  /** The dataset row's index (null for a run without a dataset). */
  rowIndex: number | null;
  current: CellRecord | null;
  baseline: CellRecord | null;
}

/** current − baseline; null when either side has no figure. */
export interface ModelDeltas {
  passRate: number | null;
  meanScore: number | null;
  costUsd: number | null;
  p50LatencyMs: number | null;
}

export interface ModelComparison {
  modelId: string;
  current: ModelSummary | null;
  baseline: ModelSummary | null;
  deltas: ModelDeltas;
  counts: Record<CellChange, number>;
}

export interface RunComparison {
  runId: string;
  baselineId: string;
  /** What the two sides are, in words: `run <id>` and `baseline <id>`, or two models of one run. */
  title: string;
  /** Whether each run declares a grader or an assertion: without, no cell can pass or regress by grade. */
  checks: CompareChecks;
  /** In the current run's model order (then models only the baseline ran), then by row. */
  cells: CellComparison[];
  models: ModelComparison[];
  regressions: number;
  /** Paired tests per model on the rows both runs have (see `pairedSignificance`). */
  significance: Significance;
}

const emptyCounts = (): Record<CellChange, number> => ({ improved: 0, regressed: 0, changed: 0, unchanged: 0, new: 0, missing: 0 });

const delta = (after: number | null | undefined, before: number | null | undefined): number | null =>
  after === null || after === undefined || before === null || before === undefined ? null : Math.round((after - before) * 1e12) / 1e12;

/** Cells keyed by model id and dataset row index, so runs of the same prompt and dataset line up. */
function indexCells(side: CompareSide, keyOf: (model: RunModelRecord) => string): Map<string, { modelId: string; rowIndex: number | null; cell: CellRecord }> {
  const modelById = new Map(side.run.models.map((m) => [m.id, keyOf(m)]));
  const rowIndexById = new Map(side.rows.map((r) => [r.id, r.rowIndex]));
  const out = new Map<string, { modelId: string; rowIndex: number | null; cell: CellRecord }>();
  for (const cell of side.cells) {
    const modelId = modelById.get(cell.runModelId);
    if (!modelId) continue;
    const rowIndex = cell.datasetRowId === null ? null : (rowIndexById.get(cell.datasetRowId) ?? null);
    out.set(`${modelId}|${rowIndex ?? ''}`, { modelId, rowIndex, cell });
  }
  return out;
}

export interface CompareOptions {
  /** Significance level of the verdicts; default 0.05. */
  alpha?: number;
  /** What lines models up across the sides; default their `provider/model`. */
  modelKey?: (model: RunModelRecord) => string;
  title?: string;
}

/** The rows of one model that both sides have, for the paired tests. */
export function pairedRowsOf(cells: readonly CellComparison[], modelId: string): PairedRow[] {
  return cells.flatMap((c) => (c.modelId === modelId && c.current && c.baseline ? [{ rowIndex: c.rowIndex, current: c.current, baseline: c.baseline }] : []));
}

/** Compares a run with a baseline run of the same prompt and dataset, cell by cell and per model. */
export function compareRuns(current: CompareSide, baseline: CompareSide, options: CompareOptions = {}): RunComparison {
  const keyOf = options.modelKey ?? modelIdOf;
  const now = indexCells(current, keyOf);
  const before = indexCells(baseline, keyOf);
  const checks: CompareChecks = { current: runHasChecks(current.run, current.cells), baseline: runHasChecks(baseline.run, baseline.cells) };
  const modelOrder = [...new Set([...current.run.models.map(keyOf), ...baseline.run.models.map(keyOf)])];

  const cells: CellComparison[] = [];
  for (const key of new Set([...now.keys(), ...before.keys()])) {
    const a = now.get(key);
    const b = before.get(key);
    const anchor = a ?? b;
    if (!anchor) continue;
    cells.push({ modelId: anchor.modelId, rowIndex: anchor.rowIndex, current: a?.cell ?? null, baseline: b?.cell ?? null, ...classifyCell(a?.cell, b?.cell, checks) });
  }
  cells.sort((x, y) => modelOrder.indexOf(x.modelId) - modelOrder.indexOf(y.modelId) || (x.rowIndex ?? -1) - (y.rowIndex ?? -1));

  const models = modelOrder.map((modelId): ModelComparison => {
    const own = cells.filter((c) => c.modelId === modelId);
    const counts = emptyCounts();
    for (const c of own) counts[c.change]++;
    const summarize = (side: 'current' | 'baseline'): ModelSummary | null => {
      const list = own.flatMap((c) => (c[side] ? [c[side]] : []));
      return list.length === 0 ? null : summarizeCells(list, { checked: checks[side] });
    };
    const cur = summarize('current');
    const base = summarize('baseline');
    return {
      modelId,
      current: cur,
      baseline: base,
      counts,
      deltas: {
        passRate: delta(cur?.passRate, base?.passRate),
        meanScore: delta(cur?.meanScore, base?.meanScore),
        costUsd: delta(cur?.totalCostUsd, base?.totalCostUsd),
        p50LatencyMs: delta(cur?.p50LatencyMs, base?.p50LatencyMs),
      },
    };
  });

  const significance = pairedSignificance(
    modelOrder.map((modelId) => ({ modelId, rows: pairedRowsOf(cells, modelId) })),
    checks,
    options.alpha ?? DEFAULT_ALPHA,
  );
  const title = options.title ?? `run ${current.run.id} vs baseline ${baseline.run.id}`;
  return { runId: current.run.id, baselineId: baseline.run.id, title, checks, cells, models, regressions: cells.filter((c) => c.change === 'regressed').length, significance };
}

/**
 * Two models of one run on the same rows: a paired design too. Model A plays the current side,
 * model B the baseline, so "improved" means A passed where B did not.
 */
export function compareModelsInRun(side: CompareSide, modelA: string, modelB: string, options: Pick<CompareOptions, 'alpha'> = {}): RunComparison {
  const only = (modelId: string): CompareSide => {
    const models = side.run.models.filter((m) => modelIdOf(m) === modelId);
    const ids = new Set(models.map((m) => m.id));
    return { run: { ...side.run, models }, cells: side.cells.filter((c) => ids.has(c.runModelId)), rows: side.rows };
  };
  const pair = `${modelA} vs ${modelB}`;
  return compareRuns(only(modelA), only(modelB), { ...options, modelKey: () => pair, title: `run ${side.run.id}: ${modelA} (A) vs ${modelB} (B)` });
}
