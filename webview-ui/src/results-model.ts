/**
 * The grid's data: the run, its models and rows, and every cell in one flat array indexed by
 * (row position × model count + model position): 30,000 cells cost no per-cell Map entry or key
 * string. Live batches merge into it and keep the per-model aggregates current incrementally.
 * Pure (no DOM): the component decides when to repaint.
 */
import type { BaselineView, CellChangeView, CellView, ModelComparisonResultView, ModelView, PairwiseView, RowView, RunStatusView, RunView } from '../../src/shared/protocol';
import { ModelStatsAccumulator, type ModelStats } from './stats';

/** What a grid cell without a result is: still to come in this window, waiting in a provider's batch, or never run. */
export type EmptyCell = 'pending' | 'at-provider' | 'not-run';

export interface Progress {
  done: number;
  total: number;
}

export interface CellPosition {
  rowIndex: number;
  modelIndex: number;
}

export interface CellMark {
  change: CellChangeView;
  reason: string;
}

export type ModelComparisonView = BaselineView['models'][number];

export class ResultsModel {
  run: RunView | null = null;
  models: readonly ModelView[] = [];
  rows: readonly RowView[] = [];
  progress: Progress = { done: 0, total: 0 };
  /** Bumped on every change of cells, so derived views know when to recompute. */
  version = 0;

  /** `cells[rowIndex * models.length + modelIndex]`; holes for cells not arrived yet. */
  private cells: (CellView | undefined)[] = [];
  /** How many slots of `cells` hold a cell. */
  private filled = 0;
  private stats: ModelStatsAccumulator[] = [];
  private rowPositions = new Map<string, number>();
  private modelPositions = new Map<string, number>();
  /** The comparison with a baseline run, if one is picked: a mark per cell id, deltas per model. */
  baseline: BaselineView | null = null;
  /** A pairwise judge's result on this run vs the baseline, if one was judged. */
  pairwise: PairwiseView | null = null;
  /** Two models of this run compared on their rows, if asked. */
  modelComparison: ModelComparisonResultView | null = null;
  private marks = new Map<string, CellMark>();
  private comparisons = new Map<string, ModelComparisonView>();

  init(run: RunView, models: readonly ModelView[], rows: readonly RowView[], cells: readonly CellView[], progress: Progress): void {
    this.run = run;
    this.models = models;
    this.rows = rows;
    this.progress = progress;
    this.cells = new Array<CellView | undefined>(rows.length * models.length);
    this.filled = 0;
    this.stats = models.map(() => new ModelStatsAccumulator(run.checked));
    this.modelPositions = new Map(models.map((model, index) => [model.runModelId, index]));
    this.rowPositions = new Map(rows.map((row, index) => [row.datasetRowId ?? '', index]));
    this.mergeCells(cells);
  }

  setStatus(status: RunStatusView, progress: Progress): void {
    if (this.run) this.run = { ...this.run, status };
    this.progress = progress;
    this.version++;
  }

  /** Merges new or changed cells; returns those it kept (cells of unknown models or rows are dropped). */
  mergeCells(cells: readonly CellView[]): CellView[] {
    const kept: CellView[] = [];
    const modelCount = this.models.length;
    for (const cell of cells) {
      const modelIndex = this.modelPositions.get(cell.runModelId);
      const rowIndex = this.rowPositions.get(cell.datasetRowId ?? '');
      if (modelIndex === undefined || rowIndex === undefined) continue;
      const slot = rowIndex * modelCount + modelIndex;
      this.stats[modelIndex]!.replace(this.cells[slot], cell);
      if (this.cells[slot] === undefined) this.filled++;
      this.cells[slot] = cell;
      kept.push(cell);
    }
    if (kept.length > 0) this.version++;
    return kept;
  }

  setBaseline(baseline: BaselineView | null): void {
    this.baseline = baseline;
    if (!baseline) this.pairwise = null;
    this.marks = new Map((baseline?.marks ?? []).map((mark) => [mark.cellId, { change: mark.change, reason: mark.reason }]));
    this.comparisons = new Map((baseline?.models ?? []).map((model) => [model.runModelId, model]));
    this.version++;
  }

  markAt(rowIndex: number, modelIndex: number): CellMark | undefined {
    if (!this.baseline) return undefined;
    const cell = this.cellAt(rowIndex, modelIndex);
    return cell ? this.marks.get(cell.id) : undefined;
  }

  comparisonFor(runModelId: string): ModelComparisonView | undefined {
    return this.comparisons.get(runModelId);
  }

  cellAt(rowIndex: number, modelIndex: number): CellView | undefined {
    if (modelIndex < 0 || modelIndex >= this.models.length) return undefined;
    return this.cells[rowIndex * this.models.length + modelIndex];
  }

  /** A scan: used once per (re)init or batch to find a cell to re-select, never per frame. */
  cellById(id: string): CellView | undefined {
    return this.cells.find((cell) => cell?.id === id);
  }

  positionOf(cell: CellView): CellPosition | undefined {
    const rowIndex = this.rowPositions.get(cell.datasetRowId ?? '');
    const modelIndex = this.modelPositions.get(cell.runModelId);
    return rowIndex === undefined || modelIndex === undefined ? undefined : { rowIndex, modelIndex };
  }

  statsFor(runModelId: string): ModelStats | undefined {
    const modelIndex = this.modelPositions.get(runModelId);
    return modelIndex === undefined ? undefined : this.stats[modelIndex]?.summary();
  }

  get isRunning(): boolean {
    return this.run?.status === 'running' || this.run?.status === 'pending';
  }

  /**
   * What a cell without a result is: `pending` while the run goes (or while the host is still
   * sending the stored cells), `not-run` once the run has ended without it (cancelled, failed, or
   * a model stopped before it).
   */
  get emptyCell(): EmptyCell {
    if (!(this.isRunning || this.filled < this.progress.done)) return 'not-run';
    // a batch run's cells wait at the provider, not in this window
    return this.run?.batch === true && this.isRunning ? 'at-provider' : 'pending';
  }

  /** Cells of the grid without a result once the run has ended (0 while it runs). */
  get notRunCount(): number {
    return this.emptyCell === 'not-run' ? this.cells.length - this.filled : 0;
  }
}
