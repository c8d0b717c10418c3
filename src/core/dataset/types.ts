import type { JsonValue } from '../model';

export type DatasetFormat = 'csv' | 'json' | 'jsonl';

export interface DatasetRow {
  /** 0-based position among the data rows. */
  index: number;
  /** 1-based line in the file where the row starts. */
  line: number;
  data: Record<string, JsonValue>;
}

export interface DatasetSource {
  path: string;
  format: DatasetFormat;
  columns: string[];
  /** Streams all rows in batches; each call re-reads the file. */
  batches(batchSize?: number): AsyncGenerator<DatasetRow[]>;
  /** Set when the rows come from a dataset already in the store (see `storedDatasetSource`). */
  storedDatasetId?: string;
}

export interface OpenDatasetOptions {
  /** JSON arrays are parsed whole, so files above this size are refused. Default 200 MB. */
  maxJsonBytes?: number;
}

export const DEFAULT_BATCH_SIZE = 1_000;
export const DEFAULT_MAX_JSON_BYTES = 200 * 1024 * 1024;
