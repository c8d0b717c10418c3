/**
 * Batch runs: a run's cells sent through a provider's Batch API (upload a JSONL file, create a
 * batch, poll it, read its output and error files) at the provider's batch price.
 */

/** The states OpenAI's Batch API reports (Cerebras adds `queued`), plus ours before creation. */
export const BATCH_STATES = ['uploaded', 'validating', 'queued', 'in_progress', 'finalizing', 'completed', 'failed', 'expired', 'cancelling', 'cancelled'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

/** States after which the provider does no more work on the batch. */
export function isFinishedState(state: BatchState): boolean {
  return state === 'completed' || state === 'failed' || state === 'expired' || state === 'cancelled';
}

/** What a poll of one batch reads. */
export interface BatchStatus {
  batchId: string;
  state: BatchState;
  total: number;
  completed: number;
  failed: number;
  outputFileId: string | null;
  errorFileId: string | null;
  /** Why the provider refused the whole batch (a `failed` batch), when it says. */
  errors: string | null;
}

/** One line of a batch's results, matched to its request by `customId`. */
export type BatchLineResult =
  | { customId: string; ok: true; /** The chat completion body, as the provider sent it. */ completion: unknown }
  | { customId: string; ok: false; kind: 'failed' | 'expired' | 'cancelled'; message: string };

/** The provider's Batch API, one client per provider; every call goes through its SDK. */
export interface BatchClient {
  readonly providerId: string;
  /** Uploads a JSONL input file (purpose `batch`) and returns its file id. */
  upload(jsonl: string, fileName: string): Promise<string>;
  create(inputFileId: string, completionWindow: string): Promise<BatchStatus>;
  retrieve(batchId: string): Promise<BatchStatus>;
  cancel(batchId: string): Promise<BatchStatus>;
  /** The batch created from this input file, if any (a create whose answer was lost). */
  findByInputFile(inputFileId: string): Promise<BatchStatus | null>;
  /** Every result line of a finished batch: its output and error files (or Cerebras' results). */
  results(status: BatchStatus): Promise<BatchLineResult[]>;
}
