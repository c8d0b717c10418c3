/**
 * What the store keeps of a batch run: one `RunBatchRecord` per batch the run submitted to a
 * provider's Batch API (`run_batch`), so tracking resumes from the stored ids anywhere.
 */
import type { BatchState } from '../batch/types';

export interface RunBatchInput {
  runId: string;
  runModelId: string;
  provider: string;
  /** 1, 2, …: the batch's place among the run's batches. */
  position: number;
  inputFileId: string;
  completionWindow: string;
  lineCount: number;
}

/** What a poll or a fold changes. */
export interface RunBatchUpdate {
  batchId?: string;
  state?: BatchState;
  outputFileId?: string | null;
  errorFileId?: string | null;
  completedCount?: number;
  failedCount?: number;
  errorText?: string | null;
  submittedAt?: string;
  finishedAt?: string;
  foldedAt?: string;
}

export interface RunBatchRecord extends RunBatchInput {
  id: string;
  batchId: string | null;
  state: BatchState;
  outputFileId: string | null;
  errorFileId: string | null;
  completedCount: number;
  failedCount: number;
  errorText: string | null;
  submittedAt: string | null;
  finishedAt: string | null;
  foldedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Both stores implement it beside `Store`. */
export interface BatchStore {
  createRunBatch(input: RunBatchInput): Promise<RunBatchRecord>;
  updateRunBatch(id: string, update: RunBatchUpdate): Promise<RunBatchRecord>;
  /** The run's batches by position. */
  listRunBatches(runId: string): Promise<RunBatchRecord[]>;
}

export function isBatchStore(store: object): store is BatchStore {
  return 'createRunBatch' in store && 'updateRunBatch' in store && 'listRunBatches' in store;
}
