/**
 * The one persistence interface. Two backends implement it: the local store (embedded
 * Postgres, PGlite) and the Supabase store (supabase-js). Both run the same
 * `supabase/migrations/*.sql`. Rows here are camelCase; the backends map to snake_case columns.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type PromptType = 'prompt' | 'grader';

export interface PromptRecord {
  id: string;
  name: string;
  type: PromptType;
  body: string;
  /** workspace-relative, `/`-separated */
  path: string;
  contentHash: string;
  createdAt: string;
  updatedAt: string;
}

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

export type RunStatus = 'pending' | 'running' | 'completed' | 'cancelled' | 'failed';

export interface RunModelInput {
  provider: string;
  model: string;
  displayLabel: string;
  params: Record<string, JsonValue>;
}

export interface RunModelRecord extends RunModelInput {
  id: string;
  runId: string;
}

/** The text of every partial (`{{> name}}`) a run used: the prompt's by name, each grader's by ref, then name. */
export interface RunPartialTexts {
  prompt: Record<string, string>;
  graders: Record<string, Record<string, string>>;
}

export interface RunInput {
  promptId: string | null;
  datasetId: string | null;
  /** The exact prompt text that ran, so editing the file never changes history. */
  promptText: string;
  /** Grader path → exact grader text used. */
  graderTexts: Record<string, string>;
  /** The partial texts used, likewise; none when absent. */
  partialTexts?: RunPartialTexts;
  config: Record<string, JsonValue>;
  models: RunModelInput[];
}

export interface RunRecord {
  id: string;
  promptId: string | null;
  datasetId: string | null;
  status: RunStatus;
  promptText: string;
  graderTexts: Record<string, string>;
  partialTexts: RunPartialTexts;
  config: Record<string, JsonValue>;
  createdAt: string;
  updatedAt: string;
  models: RunModelRecord[];
}

export type CellStatus = 'completed' | 'failed';

/** One grader's verdict on one cell. */
export interface GradeRecord {
  grader: string;
  score: number | null;
  pass: boolean | null;
  reason: string;
  /** `ungraded` when the verdict could not be parsed or the grader call failed. */
  state: 'graded' | 'ungraded';
  /** `null` when the judge answered but its price is unknown (never counted as $0). */
  costUsd: number | null;
  /** The judge call's usage (absent for assertions and for grades stored before it was kept). */
  tokensIn?: number;
  tokensOut?: number;
  tokensCached?: number;
}

/**
 * One of the N samples of a cell run with `refinery.repeat: N`: the cell's own output, usage and
 * grade fields, for that one call (a failed call has `errorText` and null output and usage). The
 * cell keeps every sample in order (the first one included) when N > 1, and none when N = 1.
 */
export type SampleRecord = Pick<
  CellInput,
  'outputText' | 'errorText' | 'latencyMs' | 'tokensIn' | 'tokensOut' | 'tokensCached' | 'costUsd' | 'gradePass' | 'gradeScore' | 'grades'
>;

/**
 * What a cell's model call sent: each message as the exact JSON text that went on the wire, in
 * order, and the other fields of the request body (temperature, max tokens, response_format…;
 * not the model, which is the cell's run model, nor streaming options).
 */
export interface SentRequest {
  messages: string[];
  params: Record<string, JsonValue>;
}

export interface CellInput {
  runModelId: string;
  /** null for a run without a dataset */
  datasetRowId: string | null;
  status: CellStatus;
  outputText: string | null;
  errorText: string | null;
  latencyMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  tokensCached: number | null;
  costUsd: number | null;
  /** Aggregate of the automatic grades (mean score, all pass). */
  gradeScore: number | null;
  gradePass: boolean | null;
  gradeReason: string | null;
  grades: GradeRecord[];
  attempts: number;
  providerTiming: Record<string, number>;
  simulated: boolean;
  /**
   * `refinery.repeat` > 1: every sample in order. The cell's own columns then hold the first
   * sample's output, error, latency and timings, the sum of the samples' tokens, cost and
   * attempts, and the aggregate grade (see `core/repeats`). Empty for a single sample.
   */
  samples: SampleRecord[];
  /**
   * What the call sent (for repeated samples, the first one's); null or absent when nothing was
   * sent. Written with the cell, read back with `listCellRequests` (the stores keep each distinct
   * message of a run once).
   */
  request?: SentRequest | null;
}

export interface CellRecord extends Omit<CellInput, 'request'> {
  id: string;
  manualScore: number | null;
  manualPass: boolean | null;
  manualNote: string | null;
  createdAt: string;
}

/**
 * What summaries and resuming need of a cell, without its output text or JSON columns: cheap
 * to read for a whole run.
 */
export type CellMetrics = Pick<
  CellRecord,
  | 'id'
  | 'runModelId'
  | 'datasetRowId'
  | 'status'
  | 'latencyMs'
  | 'costUsd'
  | 'gradeScore'
  | 'gradePass'
  | 'manualPass'
  | 'manualScore'
  | 'simulated'
>;

/**
 * A pairwise judge's verdicts on two runs of the same rows (A = `runId`, B = `baselineRunId`),
 * or on two models of one run (both ids the same): see `core/pairwise`.
 */
export interface PairwiseComparisonInput {
  runId: string;
  baselineRunId: string;
  /** What A and B are, in words. */
  label: string;
  graderPath: string;
  /** The judge prompt's exact text. */
  graderText: string;
  /** The judge model. */
  judge: string;
  summary: Record<string, JsonValue>;
  /** Every pair's two verdicts and outcome. */
  pairs: JsonValue[];
  /** What the judge calls cost; null when the judge's price is unknown (never counted as $0). */
  costUsd: number | null;
}

export interface PairwiseComparisonRecord extends PairwiseComparisonInput {
  id: string;
  createdAt: string;
}

export interface RunSummaryRecord extends RunRecord {
  promptName: string | null;
  cellCount: number;
  failedCount: number;
}

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
  setManualGrade(cellId: string, grade: { score: number | null; pass: boolean | null; note: string | null }): Promise<void>;
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
