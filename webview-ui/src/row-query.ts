/**
 * Which rows the grid shows, in which order: the toolbar's filter, sort and search applied to
 * the model. Pure, so it is unit-tested and recomputed only when its inputs change.
 */
import type { CellChangeView, CellView, ModelView, RowView } from '../../src/shared/protocol';

export type CellFilter = 'all' | 'failed' | 'errors' | 'ungraded' | ChangeFilter;
/** Against the baseline run: 'changed' is any difference (improved, regressed, changed, new). */
export type ChangeFilter = 'improved' | 'regressed' | 'changed';
export type SortKey = 'score-asc' | 'score-desc' | 'latency-desc' | 'cost-desc';

export interface RowSort {
  key: SortKey;
  runModelId: string;
}

export interface RowQuery {
  filter: CellFilter;
  /** null: dataset row order */
  sort: RowSort | null;
  search: string;
}

export interface QuerySource {
  rows: readonly RowView[];
  models: readonly ModelView[];
  cellAt(rowIndex: number, modelIndex: number): CellView | undefined;
  /** How the cell moved from the baseline run; undefined without a baseline. */
  markAt?(rowIndex: number, modelIndex: number): { change: CellChangeView } | undefined;
}

export const DEFAULT_QUERY: RowQuery = { filter: 'all', sort: null, search: '' };

const CHANGE_FILTERS: Record<ChangeFilter, (change: CellChangeView) => boolean> = {
  improved: (change) => change === 'improved',
  regressed: (change) => change === 'regressed',
  changed: (change) => change !== 'unchanged',
};

const isChangeFilter = (filter: CellFilter): filter is ChangeFilter => filter in CHANGE_FILTERS;

const FILTERS: Record<Exclude<CellFilter, 'all' | ChangeFilter>, (cell: CellView) => boolean> = {
  /** A verdict of fail, automatic or by hand. */
  failed: (cell) => cell.status === 'completed' && (cell.gradePass === false || cell.manualPass === false),
  errors: (cell) => cell.status === 'failed',
  /** Completed, but neither a grader nor a person gave a verdict. */
  ungraded: (cell) => cell.status === 'completed' && cell.gradePass === null && cell.manualPass === null,
};

function sortValue(cell: CellView | undefined, key: SortKey): number | null {
  if (!cell) return null;
  switch (key) {
    case 'score-asc':
    case 'score-desc':
      return cell.gradeScore ?? (cell.gradePass === null ? null : cell.gradePass ? 1 : 0);
    case 'latency-desc':
      return cell.latencyMs;
    case 'cost-desc':
      return cell.costUsd;
  }
}

function rowMatchesSearch(source: QuerySource, rowIndex: number, needle: string): boolean {
  const row = source.rows[rowIndex];
  if (!row) return false;
  for (const value of Object.values(row.values)) if (value.toLowerCase().includes(needle)) return true;
  for (let m = 0; m < source.models.length; m++) {
    const cell = source.cellAt(rowIndex, m);
    if (!cell) continue;
    if (cell.output?.toLowerCase().includes(needle) || cell.error?.toLowerCase().includes(needle)) return true;
  }
  return false;
}

function rowMatchesFilter(source: QuerySource, rowIndex: number, filter: CellFilter): boolean {
  if (filter === 'all') return true;
  if (isChangeFilter(filter)) {
    const matches = CHANGE_FILTERS[filter];
    for (let m = 0; m < source.models.length; m++) {
      const mark = source.markAt?.(rowIndex, m);
      if (mark && matches(mark.change)) return true;
    }
    return false;
  }
  const predicate = FILTERS[filter];
  for (let m = 0; m < source.models.length; m++) {
    const cell = source.cellAt(rowIndex, m);
    if (cell && predicate(cell)) return true;
  }
  return false;
}

export function isIdentityQuery(query: RowQuery): boolean {
  return query.filter === 'all' && query.sort === null && query.search.trim() === '';
}

/** Positions (into `source.rows`) of the rows to show, in display order. */
export function queryRows(source: QuerySource, query: RowQuery): number[] {
  const needle = query.search.trim().toLowerCase();
  const positions: number[] = [];
  for (let r = 0; r < source.rows.length; r++) {
    if (!rowMatchesFilter(source, r, query.filter)) continue;
    if (needle && !rowMatchesSearch(source, r, needle)) continue;
    positions.push(r);
  }
  const sort = query.sort;
  if (!sort) return positions;
  const modelIndex = source.models.findIndex((model) => model.runModelId === sort.runModelId);
  if (modelIndex < 0) return positions;
  const descending = sort.key !== 'score-asc';
  const keys = new Map(positions.map((r) => [r, sortValue(source.cellAt(r, modelIndex), sort.key)]));
  // Rows without a value go last whatever the direction; ties keep dataset order.
  return positions.sort((a, b) => {
    const va = keys.get(a) ?? null;
    const vb = keys.get(b) ?? null;
    if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1;
    if (va !== vb) return descending ? vb - va : va - vb;
    return a - b;
  });
}
