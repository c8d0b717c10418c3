import { EMPTY_RESULT, type CellInput } from '../model';

/** A cell that got no answer from its batch (or never made it into one), kept re-runnable. */
export function failedCell(runModelId: string, datasetRowId: string | null, errorText: string, attempts: number): CellInput {
  return { ...EMPTY_RESULT, runModelId, datasetRowId, status: 'failed', errorText, attempts, samples: [], request: null };
}
