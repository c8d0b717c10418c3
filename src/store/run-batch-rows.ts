/** The `run_batch` row ↔ `RunBatchRecord`, for both backends (see `rows.ts`). */
import { z } from 'zod';
import { BATCH_STATES } from '../core/batch/types';
import type { RunBatchInput, RunBatchRecord, RunBatchUpdate } from '../core/ports/batch-store';
import { timestamp } from './rows';

const runBatchTable = z.object({
  id: z.string(),
  run_id: z.string(),
  run_model_id: z.string(),
  provider: z.string(),
  position: z.number(),
  batch_id: z.string().nullable(),
  input_file_id: z.string(),
  output_file_id: z.string().nullable(),
  error_file_id: z.string().nullable(),
  completion_window: z.string(),
  state: z.enum(BATCH_STATES),
  line_count: z.number(),
  completed_count: z.number(),
  failed_count: z.number(),
  error_text: z.string().nullable(),
  submitted_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
  folded_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export function runBatchFromRow(row: unknown): RunBatchRecord {
  const r = runBatchTable.parse(row);
  return {
    id: r.id,
    runId: r.run_id,
    runModelId: r.run_model_id,
    provider: r.provider,
    position: r.position,
    batchId: r.batch_id,
    inputFileId: r.input_file_id,
    outputFileId: r.output_file_id,
    errorFileId: r.error_file_id,
    completionWindow: r.completion_window,
    state: r.state,
    lineCount: r.line_count,
    completedCount: r.completed_count,
    failedCount: r.failed_count,
    errorText: r.error_text,
    submittedAt: r.submitted_at,
    finishedAt: r.finished_at,
    foldedAt: r.folded_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function runBatchToRow(input: RunBatchInput) {
  return {
    run_id: input.runId,
    run_model_id: input.runModelId,
    provider: input.provider,
    position: input.position,
    input_file_id: input.inputFileId,
    completion_window: input.completionWindow,
    line_count: input.lineCount,
  };
}

/** Only the columns the update sets. */
export function runBatchUpdateToRow(update: RunBatchUpdate): Record<string, string | number | null> {
  const columns: Record<string, string | number | null | undefined> = {
    batch_id: update.batchId,
    state: update.state,
    output_file_id: update.outputFileId,
    error_file_id: update.errorFileId,
    completed_count: update.completedCount,
    failed_count: update.failedCount,
    error_text: update.errorText,
    submitted_at: update.submittedAt,
    finished_at: update.finishedAt,
    folded_at: update.foldedAt,
  };
  return Object.fromEntries(Object.entries(columns).filter((entry): entry is [string, string | number | null] => entry[1] !== undefined));
}
