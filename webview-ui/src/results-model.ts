/**
 * The grid's data: the run, its models and rows, and every cell in a Map keyed by
 * (runModelId, datasetRowId). Live batches merge into it and keep the per-model aggregates
 * current incrementally. Pure (no DOM): the component decides when to repaint.
 */
import type { CellView, ModelView, RowView, RunStatusView, RunView } from '../../src/shared/protocol';
import { ModelStatsAccumulator, type ModelStats } from './stats';

export interface Progress {
  done: number;
  total: number;
}

export interface CellPosition {
  rowIndex: number;
  modelIndex: number;
}

const cellKey = (runModelId: string, datasetRowId: string | null): string => `${runModelId}\u0000${datasetRowId ?? ''}`;

export class ResultsModel {
  run: RunView | null = null;
  models: readonly ModelView[] = [];
  rows: readonly RowView[] = [];
  progress: Progress = { done: 0, total: 0 };
  /** Bumped on every change of cells, so derived views know when to recompute. */
  version = 0;

  private cells = new Map<string, CellView>();
  private cellsById = new Map<string, CellView>();
  private stats = new Map<string, ModelStatsAccumulator>();
  private rowPositions = new Map<string, number>();
  private modelPositions = new Map<string, number>();

  init(run: RunView, models: readonly ModelView[], rows: readonly RowView[], cells: readonly CellView[], progress: Progress): void {
    this.run = run;
    this.models = models;
    this.rows = rows;
    this.progress = progress;
    this.cells = new Map();
    this.cellsById = new Map();
    this.stats = new Map(models.map((model) => [model.runModelId, new ModelStatsAccumulator()]));
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
    for (const cell of cells) {
      const stats = this.stats.get(cell.runModelId);
      if (!stats || !this.rowPositions.has(cell.datasetRowId ?? '')) continue;
      const key = cellKey(cell.runModelId, cell.datasetRowId);
      const previous = this.cells.get(key);
      if (previous && previous.id !== cell.id) this.cellsById.delete(previous.id);
      this.cells.set(key, cell);
      this.cellsById.set(cell.id, cell);
      stats.replace(previous, cell);
      kept.push(cell);
    }
    if (kept.length > 0) this.version++;
    return kept;
  }

  cellAt(rowIndex: number, modelIndex: number): CellView | undefined {
    const row = this.rows[rowIndex];
    const model = this.models[modelIndex];
    if (!row || !model) return undefined;
    return this.cells.get(cellKey(model.runModelId, row.datasetRowId));
  }

  cellById(id: string): CellView | undefined {
    return this.cellsById.get(id);
  }

  positionOf(cell: CellView): CellPosition | undefined {
    const rowIndex = this.rowPositions.get(cell.datasetRowId ?? '');
    const modelIndex = this.modelPositions.get(cell.runModelId);
    return rowIndex === undefined || modelIndex === undefined ? undefined : { rowIndex, modelIndex };
  }

  statsFor(runModelId: string): ModelStats | undefined {
    return this.stats.get(runModelId)?.summary();
  }

  get isRunning(): boolean {
    return this.run?.status === 'running' || this.run?.status === 'pending';
  }
}
