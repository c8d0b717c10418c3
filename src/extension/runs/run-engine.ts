/**
 * The core pieces a run needs, loaded on first use (`await import('./run-engine')`) so that
 * activation does not evaluate the prompt compiler, the SDKs or the executor.
 */
export { createProviderRegistry, findMissingKeys, missingKeysError, modelUses } from '../../core/providers';
export { DEFAULT_PRICE_TABLE, describePrice, findPrice, mergePriceTables } from '../../core/cost';
export { checkModelsServed, createModelCatalog, notServedError } from '../../core/catalog';
export { estimateCells, estimatePreparedRun, executeSession, modelIdOf, newRunLimits, planResume, prepareRun, rerunScope, resumeRun, runScheduler, startRun } from '../../core/run';
export { batchDiscountsOf, batchOffersFor, batchTotalUsd, batchWindows, cancelRunBatches, formatBatchEstimate, formatBatchProgress, requireBatchStore, runBatchSession } from '../../core/batch';
export { isBatchStore } from '../../core/ports/batch-store';
export { formatUsd } from '../../core/stats';
export { readPromptFile, parsePrompt, compilePrompt } from '../../core/prompt';
export { openDataset, storeDatasetFile, storedDatasetSource } from '../../core/dataset';
export { exportRows, writeExport } from '../../core/export';
export { costConfirmation } from './cost-confirmation';
export { rerunQuestion } from './rerun-question';
export {
  estimatePairwise,
  judgePairs,
  pairsFromComparison,
  pairwiseExportRows,
  pairwiseSentence,
  pairwiseSummaryJson,
  positionBiasSentence,
  preparePairwiseJudge,
  summarizePairwise,
} from '../../core/pairwise';

export type RunEngine = typeof import('./run-engine');
