import path from 'node:path';
import type { DatasetRecord } from '../model';
import type { Store } from '../ports/store';
import type { DatasetFormat, DatasetSource } from './types';

const FORMATS: Readonly<Record<string, DatasetFormat>> = { '.csv': 'csv', '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/**
 * A dataset already in the store, as a run's dataset: its rows are read from the store (no
 * file involved), and a run on it points at this very dataset instead of importing one.
 */
export function storedDatasetSource(store: Store, dataset: DatasetRecord): DatasetSource {
  return {
    path: dataset.sourcePath ?? dataset.name,
    format: FORMATS[path.extname(dataset.name).toLowerCase()] ?? 'json',
    columns: dataset.columns,
    storedDatasetId: dataset.id,
    async *batches(batchSize = 1_000) {
      for (let offset = 0; ; offset += batchSize) {
        const rows = await store.getDatasetRows(dataset.id, { offset, limit: batchSize });
        if (rows.length === 0) return;
        yield rows.map((row) => ({ index: row.rowIndex, line: row.rowIndex + 1, data: row.data }));
        if (rows.length < batchSize) return;
      }
    },
  };
}
