import type { CellInput } from '../model';

/** A cell that got no answer from its batch (or never made it into one), kept re-runnable. */
export function failedCell(runModelId: string, datasetRowId: string | null, errorText: string, attempts: number): CellInput {
  return {
    runModelId,
    datasetRowId,
    status: 'failed',
    outputText: null,
    errorText,
    latencyMs: null,
    tokensIn: null,
    tokensOut: null,
    tokensCached: null,
    costUsd: null,
    gradeScore: null,
    gradePass: null,
    gradeReason: null,
    grades: [],
    attempts,
    providerTiming: {},
    simulated: false,
    samples: [],
    request: null,
  };
}
