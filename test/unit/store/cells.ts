/** Builders for store test data. */
import type { CellInput, GradeRecord } from '../../../src/core/model';

export function cellInput(runModelId: string, datasetRowId: string | null, overrides: Partial<CellInput> = {}): CellInput {
  const grade: GradeRecord = { grader: 'graders/label.prompt', score: 1, pass: true, reason: 'matches', state: 'graded', costUsd: 0.00001 };
  return {
    runModelId,
    datasetRowId,
    status: 'completed',
    outputText: 'billing',
    errorText: null,
    latencyMs: 412,
    tokensIn: 120,
    tokensOut: 3,
    tokensCached: 64,
    costUsd: 0.0000063,
    gradeScore: 1,
    gradePass: true,
    gradeReason: 'matches',
    grades: [grade],
    attempts: 1,
    providerTiming: { queueTime: 0.012, totalTime: 0.41 },
    simulated: false,
    samples: [],
    ...overrides,
  };
}

export async function* batchesOf<T>(batches: T[][]): AsyncIterable<T[]> {
  for (const batch of batches) {
    await Promise.resolve();
    yield batch;
  }
}
