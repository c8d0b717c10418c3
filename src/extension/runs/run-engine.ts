/**
 * The core pieces a run needs, loaded on first use (`await import('./run-engine')`) so that
 * activation does not evaluate the prompt compiler, the SDKs or the executor.
 */
export { createScheduler } from '../../core/executor';
export { createProviderRegistry } from '../../core/providers';
export { DEFAULT_PRICE_TABLE, describePrice, findPrice, mergePriceTables } from '../../core/cost';
export { checkModelsServed, createModelCatalog, notServedError } from '../../core/catalog';
export { createRunFromPrepared, estimatePreparedRun, executeRun, modelIdOf, prepareRun, planResume } from '../../core/run';
export { readPromptFile, parsePrompt, compilePrompt } from '../../core/prompt';
export { openDataset } from '../../core/dataset';
export { exportRows, writeExport } from '../../core/export';
export { costConfirmation } from './cost-confirmation';

export type RunEngine = typeof import('./run-engine');
