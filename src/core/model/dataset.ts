import type { JsonValue } from './json';

export interface DatasetRecord {
  id: string;
  name: string;
  /** Storage object key (Supabase) or the source file path (local store). */
  filePath: string;
  rowCount: number;
  columns: string[];
  createdAt: string;
  /** sha256 (hex) of the file's bytes; null for a dataset stored before hashes were kept. */
  contentHash: string | null;
  /** The file's size in bytes, when known. */
  sizeBytes: number | null;
  /** Where the file was imported from (workspace-relative when it was in the workspace). */
  sourcePath: string | null;
  /** 1, 2, …: the imports of one source path whose bytes changed. */
  version: number;
  /** The version this one replaced (null for a first version, or when that one was deleted). */
  previousVersionId: string | null;
}

/** What `Store.deleteDataset` did. */
export interface DatasetDeletion {
  /** Runs that used the dataset: their cells, and the rows those cells ran on, are kept. */
  runCount: number;
  rowsDeleted: number;
  rowsKept: number;
  /** true: the dataset is gone; false: it stays hidden (status `deleted`) for the runs that used it. */
  removed: boolean;
  /** The Storage object key removed (Supabase), or null when there was none (the local store). */
  removedObject: string | null;
}

export interface DatasetRowRecord {
  id: string;
  datasetId: string;
  rowIndex: number;
  data: Record<string, JsonValue>;
}
