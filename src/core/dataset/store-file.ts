import path from 'node:path';
import type { DatasetRecord, JsonValue } from '../model';
import type { Store } from '../ports/store';
import { fingerprintFile } from './file-hash';
import type { DatasetRow, DatasetSource } from './types';

export interface StoredDatasetFile {
  dataset: DatasetRecord;
  /** true: a dataset with these very bytes was stored already and is used as is. */
  reused: boolean;
}

export interface StoreDatasetFileOptions {
  /** Where the file is, as the store should remember it (workspace-relative when it can be). */
  sourcePath: string;
  /** Sees each batch before it is stored (progress, cancellation by throwing). */
  onBatch?: (rows: readonly DatasetRow[]) => void;
}

const BATCH_SIZE = 2_000;

/**
 * Stores a dataset file, or finds it stored already: a file whose bytes (sha256) match a
 * stored dataset reuses it, so importing or running on the same file twice keeps one dataset.
 * A changed file from the same source path becomes the next version (numbered by the store).
 */
export async function storeDatasetFile(store: Store, source: DatasetSource, options: StoreDatasetFileOptions): Promise<StoredDatasetFile> {
  const { contentHash, sizeBytes } = await fingerprintFile(source.path);
  const existing = await store.findDatasetByContentHash(contentHash);
  if (existing) return { dataset: existing, reused: true };

  async function* rowBatches(): AsyncGenerator<Array<Record<string, JsonValue>>> {
    for await (const batch of source.batches(BATCH_SIZE)) {
      options.onBatch?.(batch);
      yield batch.map((row) => row.data);
    }
  }
  try {
    const dataset = await store.createDataset(
      { name: path.basename(source.path), filePath: options.sourcePath, columns: source.columns },
      rowBatches(),
      { sourceFile: source.path, contentHash, sizeBytes, sourcePath: options.sourcePath },
    );
    return { dataset, reused: false };
  } catch (error) {
    // Another window or process stored the same bytes meanwhile: the store kept one of the two.
    const stored = await store.findDatasetByContentHash(contentHash).catch(() => null);
    if (stored) return { dataset: stored, reused: true };
    throw error;
  }
}
