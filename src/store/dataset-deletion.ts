import { z } from 'zod';
import { UserError } from '../core/errors';
import type { DatasetDeletion } from './types';

const deletionRow = z.object({
  run_count: z.number().int(),
  rows_deleted: z.number().int(),
  rows_kept: z.number().int(),
  removed: z.boolean(),
});

/** The row `delete_dataset()` returns, as both stores report it. */
export function datasetDeletionFromRow(row: unknown, removedObject: string | null): DatasetDeletion {
  const r = deletionRow.parse(row);
  return { runCount: r.run_count, rowsDeleted: r.rows_deleted, rowsKept: r.rows_kept, removed: r.removed, removedObject };
}

export function datasetNotFound(id: string): UserError {
  return new UserError('store.not-found', `dataset ${id} does not exist (or was deleted already)`, {}, 'list the stored datasets: refinery datasets list');
}
