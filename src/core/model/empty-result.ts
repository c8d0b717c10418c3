import type { CellInput } from './cell';

/** The result fields of a cell that got no answer (failed, not run, or lost in a batch). */
export const EMPTY_RESULT = {
  outputText: null,
  latencyMs: null,
  tokensIn: null,
  tokensOut: null,
  tokensCached: null,
  costUsd: null,
  gradeScore: null,
  gradePass: null,
  gradeReason: null,
  grades: [],
  providerTiming: {},
  simulated: false,
} satisfies Partial<CellInput>;
