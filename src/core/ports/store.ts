import type { CellInput, CellMetrics, CellRecord, SentRequest } from '../model/cell';
import type { CellId } from '../model/cell-id';
import type { DatasetDeletion, DatasetRecord, DatasetRowRecord } from '../model/dataset';
import type { JsonValue } from '../model/json';
import type { PairwiseComparisonInput, PairwiseComparisonRecord } from '../model/pairwise';
import type { PromptRecord } from '../model/prompt';
import type { RunInput, RunRecord, RunStatus, RunSummaryRecord } from '../model/run';

/**
 * The one persistence port. Two backends in `src/store` implement it: the local store (embedded
 * Postgres, PGlite) and the Supabase store (supabase-js). Both run the same
 * `supabase/migrations/*.sql`. Rows here are camelCase; the backends map to snake_case columns.
 */
export interface CreateDatasetOptions {
  /**
   * The file the rows were read from. The Supabase store uploads it to Storage at
   * `<owner_id>/<dataset_id>/<file name>` (that key becomes `filePath`) and removes it again if
   * the rows cannot be stored; the local store keeps `filePath` as given and ignores this.
   */
  sourceFile?: string;
  /** sha256 (hex) of the file's bytes: a user holds one ready dataset per hash (see `findDatasetByContentHash`). */
  contentHash?: string;
  sizeBytes?: number;
  /** Imports from the same source path become versions of one dataset (numbered by the database). */
  sourcePath?: string;
}

export interface Store {
  readonly kind: 'local' | 'supabase';

  upsertPrompt(input: Pick<PromptRecord, 'name' | 'type' | 'body' | 'path' | 'contentHash'>): Promise<PromptRecord>;
  getPrompt(id: string): Promise<PromptRecord | null>;
  listPrompts(): Promise<PromptRecord[]>;
  deletePrompt(id: string): Promise<void>;

  /**
   * Creates the dataset and its rows atomically: rows arrive in batches (so a 100,000-row
   * file is never held twice), and either all of them land or none.
   */
  createDataset(
    input: Pick<DatasetRecord, 'name' | 'filePath' | 'columns'>,
    rows: AsyncIterable<Array<Record<string, JsonValue>>>,
    options?: CreateDatasetOptions,
  ): Promise<DatasetRecord>;
  getDataset(id: string): Promise<DatasetRecord | null>;
  listDatasets(): Promise<DatasetRecord[]>;
  /** Rows ordered by rowIndex; `limit` for previews. */
  getDatasetRows(datasetId: string, options?: { offset?: number; limit?: number }): Promise<DatasetRowRecord[]>;
  /** The ready dataset holding a file with these bytes, if any. */
  findDatasetByContentHash(contentHash: string): Promise<DatasetRecord | null>;
  /** How many runs used each dataset (datasets no run used are absent). */
  countDatasetRuns(): Promise<Map<string, number>>;
  /**
   * Deletes a dataset, its rows and its Storage object. Rows that cells of earlier runs ran on
   * are kept (hidden with the dataset) so those runs stay readable; see `DatasetDeletion`.
   */
  deleteDataset(id: string): Promise<DatasetDeletion>;

  createRun(input: RunInput): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | null>;
  listRuns(options?: { promptId?: string; limit?: number }): Promise<RunSummaryRecord[]>;
  setRunStatus(id: string, status: RunStatus): Promise<void>;
  /**
   * Deletes the run with its models and cells (manual grades included), and the copy of the
   * dataset rows it took when no other run uses them. Throws `store.not-found` for an unknown run.
   */
  deleteRun(id: string): Promise<void>;
  /** Upsert on (runModelId, datasetRowId): a retried batch or a resumed run never duplicates. */
  saveCells(cells: CellInput[]): Promise<void>;
  /** Every cell of the run, ordered by model (as listed in the run), then by dataset row. */
  listCells(runId: string): Promise<CellRecord[]>;
  /**
   * The metrics of every cell of the run (see `CellMetrics`), grouped by model in the order
   * the run lists them; within a model in no particular order. For summaries and for
   * resume's "what is done" check; `listCells` is for showing cells.
   */
  listCellMetrics(runId: string): Promise<CellMetrics[]>;
  /**
   * Stored beside the automatic grade, never over it. The cell is named by its place (`cellIdOf`):
   * no need to know its row id. Throws `store.not-found` when no such cell is stored.
   */
  setManualGrade(cellId: CellId, grade: { score: number | null; pass: boolean | null; note: string | null }): Promise<void>;
  /**
   * What the cells of the run sent, by cell id: every cell that has a record, or only those of
   * `cellIds`. A cell that sent nothing (or ran before requests were kept) is absent.
   */
  listCellRequests(runId: string, cellIds?: readonly string[]): Promise<Map<string, SentRequest>>;

  /** Stores a pairwise judgment with its run pair. */
  savePairwiseComparison(input: PairwiseComparisonInput): Promise<PairwiseComparisonRecord>;
  /** The pairwise judgments a run is a side of (A or B), newest first. */
  listPairwiseComparisons(runId: string): Promise<PairwiseComparisonRecord[]>;

  close(): Promise<void>;
}
