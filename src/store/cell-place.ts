import { parseCellId } from '../core/model/cell-id';
import { isUuid } from './local/db';

/** The `(run_model_id, dataset_row_id)` a cell id names; null when it cannot name a stored cell. */
export function storedCellPlace(cellId: string): { runModelId: string; datasetRowId: string | null } | null {
  const place = parseCellId(cellId);
  if (!place || !isUuid(place.runModelId) || (place.datasetRowId !== null && !isUuid(place.datasetRowId))) return null;
  return place;
}
