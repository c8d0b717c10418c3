export { batchOfferFor, batchSettingsSchema, BATCH_OFFERS_AS_OF, type BatchOffer, type BatchSettings } from './batch-offers';
export { batchCostUsd } from './batch-cost';
export { cancelBatches } from './cancel-batches';
export { foldBatchResults } from './fold-results';
export { splitAtLimits, type BatchLimits } from './split-at-limits';
export { submitBatches } from './submit-batches';
export { formatBatchProgress, trackBatches, type BatchProgress, type TrackOutcome } from './track-batches';
export { isFinishedState, type BatchClient, type BatchState, type BatchStatus } from './types';
export { batchOffersFor, batchWindows, cancelRunBatches, requireBatchStore, runBatchSession, type BatchRunConfig, type BatchRunHooks } from './batch-session';
