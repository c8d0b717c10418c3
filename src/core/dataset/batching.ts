import { DEFAULT_BATCH_SIZE, type DatasetRow } from './types';

export function checkBatchSize(batchSize: number = DEFAULT_BATCH_SIZE): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
}

/** Groups a stream of rows into arrays of at most `batchSize`. */
export async function* inBatches(rows: AsyncIterable<DatasetRow> | Iterable<DatasetRow>, batchSize?: number): AsyncGenerator<DatasetRow[]> {
  const size = checkBatchSize(batchSize);
  let batch: DatasetRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
