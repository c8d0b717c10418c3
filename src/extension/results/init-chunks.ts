/**
 * Splits a results `init` so the grid paints before every cell has arrived: `init` carries the
 * run, models, rows and only the cells of the first screens; the other cells follow as
 * `cellsUpdated` chunks. The webview validates (and merges) each chunk on its own, so the
 * cost of 30,000 cells is spread over frames instead of delaying the first one.
 * Pure (no `vscode`): the host and the webview benchmark use the same split.
 */
import type { CellView, ToWebviewMessage } from '../../shared/protocol';

type InitMessage = Extract<ToWebviewMessage, { type: 'init' }>;
type CellsUpdatedMessage = Extract<ToWebviewMessage, { type: 'cellsUpdated' }>;

/** A few screens of rows (a row is 88 px): the first paint and a reload's scroll position near the top. */
export const FIRST_SCREEN_ROWS = 60;
export const CELL_CHUNK_SIZE = 2_000;

export interface SplitInit {
  init: InitMessage;
  /** To post in order right after `init`. */
  chunks: CellsUpdatedMessage[];
}

export function splitInit(message: InitMessage, firstRows = FIRST_SCREEN_ROWS, chunkSize = CELL_CHUNK_SIZE): SplitInit {
  const rowPositions = new Map(message.rows.map((row, index) => [row.datasetRowId ?? '', index]));
  const modelPositions = new Map(message.models.map((model, index) => [model.runModelId, index]));
  const position = (cell: CellView) => rowPositions.get(cell.datasetRowId ?? '') ?? Number.MAX_SAFE_INTEGER;
  // Dataset order, so the chunks fill the grid from the top down.
  const ordered = message.cells
    .map((cell) => ({ cell, row: position(cell), model: modelPositions.get(cell.runModelId) ?? 0 }))
    .sort((a, b) => a.row - b.row || a.model - b.model);
  const first: CellView[] = [];
  const rest: CellView[] = [];
  for (const { cell, row } of ordered) (row < firstRows ? first : rest).push(cell);
  const chunks: CellsUpdatedMessage[] = [];
  for (let start = 0; start < rest.length; start += chunkSize) chunks.push({ type: 'cellsUpdated', cells: rest.slice(start, start + chunkSize) });
  return { init: { ...message, cells: first }, chunks };
}
