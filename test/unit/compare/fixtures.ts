import type { CellRecord, DatasetRowRecord, RunRecord } from '../../../src/core/model';
import { parseRunConfig } from '../../../src/core/model/run-config';

export function runRecord(id: string, models: string[]): RunRecord {
  return {
    id, promptId: 'p', datasetId: `ds-${id}`, status: 'completed', promptText: '', graderTexts: {}, partialTexts: { prompt: {}, graders: {} }, config: parseRunConfig({}), createdAt: '', updatedAt: '',
    models: models.map((m) => {
      const [provider = '', ...rest] = m.split('/');
      return { id: `${id}-${m}`, runId: id, provider, model: rest.join('/'), displayLabel: m, params: {} };
    }),
  };
}

/** Rows get ids per run (a re-imported dataset) so matching must go by row index. */
export const rowsOf = (runId: string, count: number): DatasetRowRecord[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${runId}-row-${i}`, datasetId: `ds-${runId}`, rowIndex: i, data: { q: `q${i}` } }));

export function cellRecord(runId: string, model: string, rowIndex: number, fields: Partial<CellRecord> = {}): CellRecord {
  return {
    id: `${runId}-${model}-${rowIndex}`, runModelId: `${runId}-${model}`, datasetRowId: `${runId}-row-${rowIndex}`,
    status: 'completed', outputText: 'out', errorText: null, latencyMs: 100, tokensIn: 10, tokensOut: 5, tokensCached: 0, costUsd: 0.001,
    gradeScore: null, gradePass: null, gradeReason: null, grades: [], attempts: 1, providerTiming: {}, simulated: false, samples: [],
    manualScore: null, manualPass: null, manualNote: null, createdAt: '', ...fields,
  };
}
