/**
 * The one identity of a cell, used by the core, the host↔webview protocol and the store's API:
 * its place, `<run_model id>:<dataset_row id>` (`-` for a run without a dataset). Deterministic, so a
 * cell that streams in before it is written keeps its id once stored, a retried cell replaces the
 * failed one, and the store finds the row by `(run_model_id, dataset_row_id)`, which is unique.
 */
export type CellId = string;

const NO_ROW = '-';

export function cellIdOf(runModelId: string, datasetRowId: string | null): CellId {
  return `${runModelId}:${datasetRowId ?? NO_ROW}`;
}

/** The place a cell id names; null when the text is not a cell id. */
export function parseCellId(id: string): { runModelId: string; datasetRowId: string | null } | null {
  const at = id.indexOf(':');
  if (at <= 0 || at === id.length - 1 || id.indexOf(':', at + 1) !== -1) return null;
  const row = id.slice(at + 1);
  return { runModelId: id.slice(0, at), datasetRowId: row === NO_ROW ? null : row };
}
