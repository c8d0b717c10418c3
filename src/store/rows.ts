/**
 * The boundary between database rows (snake_case, as both backends return them) and the
 * camelCase records of `types.ts`. Reads are validated, because a row is data from outside
 * the program: with zod, except the rows read by the thousand, which get the same checks
 * written out (see "hot reads"); writes are plain mappings of already-typed input.
 *
 * Shared by the local store (PGlite returns Date objects and numeric as strings) and the
 * Supabase store (PostgREST returns ISO strings and numeric as numbers): the schemas accept
 * both shapes and always produce the same record.
 */
import { z } from 'zod';
import type {
  CellInput,
  CellMetrics,
  CellRecord,
  CreateDatasetOptions,
  DatasetRecord,
  DatasetRowRecord,
  GradeRecord,
  JsonValue,
  PromptRecord,
  RunInput,
  RunModelInput,
  RunModelRecord,
  RunPartialTexts,
  RunRecord,
  RunSummaryRecord,
  SampleRecord,
} from './types';
import { requestRows, type MessageWriteRow, type RequestColumn } from './request-record';

// ---------------------------------------------------------------------------------------------
// column types
// ---------------------------------------------------------------------------------------------

export const timestamp = z
  .union([z.string(), z.date()])
  .transform((value) => (typeof value === 'string' ? new Date(value) : value))
  .refine((date) => !Number.isNaN(date.getTime()), 'not a timestamp')
  .transform((date) => date.toISOString());

/** `numeric` arrives as a string from Postgres drivers and as a number from PostgREST. */
export const numeric = z
  .union([z.number(), z.string().transform(Number)])
  .refine((value) => Number.isFinite(value), 'not a finite number');

export const jsonValue: z.ZodType<JsonValue> = z.json();
export const jsonObject = z.record(z.string(), jsonValue);

// ---------------------------------------------------------------------------------------------
// hot reads: rows that come by the thousand (dataset rows, cell metrics). A zod object parse
// costs about 5 µs a row in a fresh process (some 70 ms for a 15,000-cell run, paid by every
// CLI run) against under 1 µs for these checks, which test the same shape and throw the same
// way: naming the table, the column and the value.
// ---------------------------------------------------------------------------------------------

function badColumn(table: string, column: string, value: unknown): never {
  throw new Error(`${table}.${column}: unexpected value ${JSON.stringify(value) ?? String(value)}`);
}

function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/** A compact row: the values of `columns`, in that order (JSON arrays are half the size of objects). */
function rowOfTuple(table: string, columns: readonly string[], tuple: unknown): Record<string, unknown> {
  if (!isList(tuple) || tuple.length !== columns.length) badColumn(table, '*', tuple);
  const row: Record<string, unknown> = {};
  columns.forEach((column, i) => (row[column] = tuple[i]));
  return row;
}

function asRow(table: string, row: unknown): Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) badColumn(table, '*', row);
  return row as Record<string, unknown>;
}

function text(table: string, row: Record<string, unknown>, column: string): string {
  const value = row[column];
  return typeof value === 'string' ? value : badColumn(table, column, value);
}

function textOrNull(table: string, row: Record<string, unknown>, column: string): string | null {
  const value = row[column];
  return value === null || typeof value === 'string' ? value : badColumn(table, column, value);
}

function integer(table: string, row: Record<string, unknown>, column: string): number {
  const value = row[column];
  return Number.isInteger(value) ? (value as number) : badColumn(table, column, value);
}

function integerOrNull(table: string, row: Record<string, unknown>, column: string): number | null {
  return row[column] === null ? null : integer(table, row, column);
}

/** double precision, or numeric: a string from Postgres drivers, a number from PostgREST. */
function numberOrNull(table: string, row: Record<string, unknown>, column: string): number | null {
  const value = row[column];
  if (value === null) return null;
  const number = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : badColumn(table, column, value);
}

function boolean(table: string, row: Record<string, unknown>, column: string): boolean {
  const value = row[column];
  return typeof value === 'boolean' ? value : badColumn(table, column, value);
}

function booleanOrNull(table: string, row: Record<string, unknown>, column: string): boolean | null {
  return row[column] === null ? null : boolean(table, row, column);
}

/**
 * A jsonb object column. Both drivers hand it over already parsed from JSON text, so every
 * value in it is JSON by construction; walking it again (`z.json()`) cost more than reading
 * the row. Check that it is an object.
 */
function jsonObjectColumn(table: string, row: Record<string, unknown>, column: string): Record<string, JsonValue> {
  const value = row[column];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, JsonValue>)
    : badColumn(table, column, value);
}

const grade: z.ZodType<GradeRecord> = z.object({
  grader: z.string(),
  score: z.number().nullable(),
  pass: z.boolean().nullable(),
  reason: z.string(),
  state: z.enum(['graded', 'ungraded']),
  costUsd: z.number().nullable(),
  tokensIn: z.number().optional(),
  tokensOut: z.number().optional(),
  tokensCached: z.number().optional(),
});

/** An element of run_cell.samples: snake_case like the columns it mirrors; grades as in `grades`. */
const sampleColumn = z.object({
  output_text: z.string().nullable(),
  error_text: z.string().nullable(),
  latency_ms: z.number().int().nullable(),
  tokens_in: z.number().int().nullable(),
  tokens_out: z.number().int().nullable(),
  tokens_cached: z.number().int().nullable(),
  cost_usd: z.number().nullable(),
  grade_pass: z.boolean().nullable(),
  grade_score: z.number().nullable(),
  grades: z.array(grade),
});
type SampleColumn = z.infer<typeof sampleColumn>;

function sampleFromColumn(s: SampleColumn): SampleRecord {
  return {
    outputText: s.output_text,
    errorText: s.error_text,
    latencyMs: s.latency_ms,
    tokensIn: s.tokens_in,
    tokensOut: s.tokens_out,
    tokensCached: s.tokens_cached,
    costUsd: s.cost_usd,
    gradePass: s.grade_pass,
    gradeScore: s.grade_score,
    grades: s.grades,
  };
}

function sampleToColumn(s: SampleRecord): SampleColumn {
  return {
    output_text: s.outputText,
    error_text: s.errorText,
    latency_ms: wholeOrNull(s.latencyMs),
    tokens_in: wholeOrNull(s.tokensIn),
    tokens_out: wholeOrNull(s.tokensOut),
    tokens_cached: wholeOrNull(s.tokensCached),
    cost_usd: s.costUsd,
    grade_pass: s.gradePass,
    grade_score: s.gradeScore,
    grades: s.grades,
  };
}

// ---------------------------------------------------------------------------------------------
// reads: row -> record
// ---------------------------------------------------------------------------------------------

const promptTable = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['prompt', 'grader']),
  body: z.string(),
  path: z.string(),
  content_hash: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});

const datasetTable = z.object({
  id: z.string(),
  name: z.string(),
  file_path: z.string(),
  row_count: z.number().int(),
  columns: z.array(z.string()),
  created_at: timestamp,
  content_hash: z.string().nullable(),
  // bigint: a string from Postgres drivers, a number from PostgREST
  size_bytes: numeric.nullable(),
  source_path: z.string().nullable(),
  version: z.number().int(),
  previous_version_id: z.string().nullable(),
});

const runModelTable = z.object({
  id: z.string(),
  run_id: z.string(),
  position: z.number().int(),
  provider: z.string(),
  model: z.string(),
  display_label: z.string(),
  params: jsonObject,
});

const runTable = z.object({
  id: z.string(),
  prompt_id: z.string().nullable(),
  dataset_id: z.string().nullable(),
  status: z.enum(['pending', 'running', 'completed', 'cancelled', 'failed']),
  prompt_text: z.string(),
  grader_texts: z.record(z.string(), z.string()),
  partial_texts: z.object({ prompt: z.record(z.string(), z.string()), graders: z.record(z.string(), z.record(z.string(), z.string())) }),
  config: jsonObject,
  created_at: timestamp,
  updated_at: timestamp,
  /** The run's run_model rows (PostgREST: `select('*, models:run_model(*)')`). */
  models: z.array(runModelTable),
});

const runSummaryTable = runTable.extend({
  prompt_name: z.string().nullable(),
  cell_count: z.number().int(),
  failed_count: z.number().int(),
});

/** The run_cell columns of `CellMetrics`: select exactly these for `cellMetricsFromRow`. */
export const CELL_METRICS_COLUMNS = [
  'id',
  'run_model_id',
  'dataset_row_id',
  'status',
  'latency_ms',
  'cost_usd',
  'grade_score',
  'grade_pass',
  'manual_pass',
  'manual_score',
  'simulated',
] as const;

const runCellTable = z.object({
  id: z.string(),
  run_model_id: z.string(),
  dataset_row_id: z.string().nullable(),
  status: z.enum(['completed', 'failed']),
  output_text: z.string().nullable(),
  error_text: z.string().nullable(),
  latency_ms: z.number().int().nullable(),
  tokens_in: z.number().int().nullable(),
  tokens_out: z.number().int().nullable(),
  tokens_cached: z.number().int().nullable(),
  cost_usd: numeric.nullable(),
  grade_score: z.number().nullable(),
  grade_pass: z.boolean().nullable(),
  grade_reason: z.string().nullable(),
  grades: z.array(grade),
  attempts: z.number().int(),
  provider_timing: z.record(z.string(), z.number()),
  simulated: z.boolean(),
  samples: z.array(sampleColumn),
  manual_score: z.number().nullable(),
  manual_pass: z.boolean().nullable(),
  manual_note: z.string().nullable(),
  created_at: timestamp,
});

export function promptFromRow(row: unknown): PromptRecord {
  const r = promptTable.parse(row);
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    body: r.body,
    path: r.path,
    contentHash: r.content_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function datasetFromRow(row: unknown): DatasetRecord {
  const r = datasetTable.parse(row);
  return {
    id: r.id,
    name: r.name,
    filePath: r.file_path,
    rowCount: r.row_count,
    columns: r.columns,
    createdAt: r.created_at,
    contentHash: r.content_hash,
    sizeBytes: r.size_bytes,
    sourcePath: r.source_path,
    version: r.version,
    previousVersionId: r.previous_version_id,
  };
}

export function datasetRowFromRow(row: unknown): DatasetRowRecord {
  const r = asRow('dataset_row', row);
  return {
    id: text('dataset_row', r, 'id'),
    datasetId: text('dataset_row', r, 'dataset_id'),
    rowIndex: integer('dataset_row', r, 'row_index'),
    data: jsonObjectColumn('dataset_row', r, 'data_json'),
  };
}

export const DATASET_ROW_TUPLE_COLUMNS = ['id', 'row_index', 'data_json'] as const;

/** The values of `DATASET_ROW_TUPLE_COLUMNS`, in that order, of a row of `datasetId`. */
export function datasetRowFromTuple(datasetId: string, tuple: unknown): DatasetRowRecord {
  return datasetRowFromRow({ ...rowOfTuple('dataset_row', DATASET_ROW_TUPLE_COLUMNS, tuple), dataset_id: datasetId });
}

function runModelRecord(r: z.infer<typeof runModelTable>): RunModelRecord {
  return {
    id: r.id,
    runId: r.run_id,
    provider: r.provider,
    model: r.model,
    displayLabel: r.display_label,
    params: r.params,
  };
}

function runRecord(r: z.infer<typeof runTable>): RunRecord {
  return {
    id: r.id,
    promptId: r.prompt_id,
    datasetId: r.dataset_id,
    status: r.status,
    promptText: r.prompt_text,
    graderTexts: r.grader_texts,
    partialTexts: r.partial_texts,
    config: r.config,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    // the order the user listed the models in, whatever order the query returned them
    models: [...r.models].sort((a, b) => a.position - b.position).map(runModelRecord),
  };
}

/** A run row with its run_model rows under `models`. */
export function runFromRow(row: unknown): RunRecord {
  return runRecord(runTable.parse(row));
}

/** A run row with `models`, plus `prompt_name`, `cell_count` and `failed_count`. */
export function runSummaryFromRow(row: unknown): RunSummaryRecord {
  const r = runSummaryTable.parse(row);
  return { ...runRecord(r), promptName: r.prompt_name, cellCount: r.cell_count, failedCount: r.failed_count };
}

export function cellFromRow(row: unknown): CellRecord {
  const r = runCellTable.parse(row);
  return {
    id: r.id,
    runModelId: r.run_model_id,
    datasetRowId: r.dataset_row_id,
    status: r.status,
    outputText: r.output_text,
    errorText: r.error_text,
    latencyMs: r.latency_ms,
    tokensIn: r.tokens_in,
    tokensOut: r.tokens_out,
    tokensCached: r.tokens_cached,
    costUsd: r.cost_usd,
    gradeScore: r.grade_score,
    gradePass: r.grade_pass,
    gradeReason: r.grade_reason,
    grades: r.grades,
    attempts: r.attempts,
    providerTiming: r.provider_timing,
    simulated: r.simulated,
    samples: r.samples.map(sampleFromColumn),
    manualScore: r.manual_score,
    manualPass: r.manual_pass,
    manualNote: r.manual_note,
    createdAt: r.created_at,
  };
}

/** The values of `CELL_METRICS_COLUMNS`, in that order. */
export function cellMetricsFromTuple(tuple: unknown): CellMetrics {
  return cellMetricsFromRow(rowOfTuple('run_cell', CELL_METRICS_COLUMNS, tuple));
}

/** A row of `CELL_METRICS_COLUMNS`, checked column by column. */
export function cellMetricsFromRow(row: unknown): CellMetrics {
  const t = 'run_cell';
  const r = asRow(t, row);
  const status = r.status;
  return {
    id: text(t, r, 'id'),
    runModelId: text(t, r, 'run_model_id'),
    datasetRowId: textOrNull(t, r, 'dataset_row_id'),
    status: status === 'completed' || status === 'failed' ? status : badColumn(t, 'status', status),
    latencyMs: integerOrNull(t, r, 'latency_ms'),
    costUsd: numberOrNull(t, r, 'cost_usd'),
    gradeScore: numberOrNull(t, r, 'grade_score'),
    gradePass: booleanOrNull(t, r, 'grade_pass'),
    manualPass: booleanOrNull(t, r, 'manual_pass'),
    manualScore: numberOrNull(t, r, 'manual_score'),
    simulated: boolean(t, r, 'simulated'),
  };
}

// ---------------------------------------------------------------------------------------------
// writes: input -> row (owner_id is left to its default, auth.uid(), unless a backend sets it)
// ---------------------------------------------------------------------------------------------

export interface PromptWriteRow {
  name: string;
  type: PromptRecord['type'];
  body: string;
  path: string;
  content_hash: string;
}

export function promptToRow(input: Pick<PromptRecord, 'name' | 'type' | 'body' | 'path' | 'contentHash'>): PromptWriteRow {
  return { name: input.name, type: input.type, body: input.body, path: input.path, content_hash: input.contentHash };
}

export interface DatasetWriteRow {
  name: string;
  file_path: string;
  columns: string[];
  content_hash: string | null;
  size_bytes: number | null;
  source_path: string | null;
}

export function datasetToRow(
  input: Pick<DatasetRecord, 'name' | 'filePath' | 'columns'>,
  file: Pick<CreateDatasetOptions, 'contentHash' | 'sizeBytes' | 'sourcePath'> = {},
): DatasetWriteRow {
  return {
    name: input.name,
    file_path: input.filePath,
    columns: input.columns,
    content_hash: file.contentHash ?? null,
    size_bytes: file.sizeBytes ?? null,
    source_path: file.sourcePath ?? null,
  };
}

export interface DatasetRowWriteRow {
  dataset_id: string;
  row_index: number;
  data_json: Record<string, JsonValue>;
}

/** Rows of one batch, numbered from `firstIndex`. */
export function datasetRowsToRows(
  datasetId: string,
  firstIndex: number,
  rows: ReadonlyArray<Record<string, JsonValue>>,
): DatasetRowWriteRow[] {
  return rows.map((data, i) => ({ dataset_id: datasetId, row_index: firstIndex + i, data_json: data }));
}

export interface RunWriteRow {
  prompt_id: string | null;
  dataset_id: string | null;
  prompt_text: string;
  grader_texts: Record<string, string>;
  partial_texts: RunPartialTexts;
  config: Record<string, JsonValue>;
}

export function runToRow(input: RunInput): RunWriteRow {
  return {
    prompt_id: input.promptId,
    dataset_id: input.datasetId,
    prompt_text: input.promptText,
    grader_texts: input.graderTexts,
    partial_texts: input.partialTexts ?? { prompt: {}, graders: {} },
    config: input.config,
  };
}

export interface RunModelWriteRow {
  run_id: string;
  position: number;
  provider: string;
  model: string;
  display_label: string;
  params: Record<string, JsonValue>;
}

/** The models of a run not inserted yet; `position` keeps the order they were listed in. */
export function runModelInputsToRows(models: readonly RunModelInput[]): Array<Omit<RunModelWriteRow, 'run_id'>> {
  return models.map((m, position) => ({
    position,
    provider: m.provider,
    model: m.model,
    display_label: m.displayLabel,
    params: m.params,
  }));
}

export function runModelsToRows(runId: string, models: readonly RunModelInput[]): RunModelWriteRow[] {
  return runModelInputsToRows(models).map((row) => ({ run_id: runId, ...row }));
}

export interface CellWriteRow {
  run_model_id: string;
  dataset_row_id: string | null;
  status: CellInput['status'];
  output_text: string | null;
  error_text: string | null;
  latency_ms: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  tokens_cached: number | null;
  cost_usd: number | null;
  grade_score: number | null;
  grade_pass: boolean | null;
  grade_reason: string | null;
  grades: GradeRecord[];
  attempts: number;
  provider_timing: Record<string, number>;
  simulated: boolean;
  samples: SampleColumn[];
  request: RequestColumn | null;
}

/** Integer columns: a latency measured with performance.now() has a fraction. */
function wholeOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

/** The rows of a batch of cells, and the messages their requests name (to record first). */
export function cellsToRows(cells: readonly CellInput[]): { rows: CellWriteRow[]; messages: MessageWriteRow[] } {
  const { columns, messages } = requestRows(cells);
  return { rows: cells.map((cell, i) => cellToRow(cell, columns[i] ?? null)), messages };
}

function cellToRow(cell: CellInput, request: RequestColumn | null): CellWriteRow {
  return {
    run_model_id: cell.runModelId,
    dataset_row_id: cell.datasetRowId,
    status: cell.status,
    output_text: cell.outputText,
    error_text: cell.errorText,
    latency_ms: wholeOrNull(cell.latencyMs),
    tokens_in: wholeOrNull(cell.tokensIn),
    tokens_out: wholeOrNull(cell.tokensOut),
    tokens_cached: wholeOrNull(cell.tokensCached),
    cost_usd: cell.costUsd,
    grade_score: cell.gradeScore,
    grade_pass: cell.gradePass,
    grade_reason: cell.gradeReason,
    grades: cell.grades,
    attempts: cell.attempts,
    provider_timing: cell.providerTiming,
    simulated: cell.simulated,
    samples: cell.samples.map(sampleToColumn),
    request,
  };
}

/**
 * One cell per (run model, dataset row): the last one wins. An upsert batch must not name the
 * same key twice (Postgres: "ON CONFLICT DO UPDATE command cannot affect row a second time").
 */
export function lastCellPerKey(cells: readonly CellInput[]): CellInput[] {
  const byKey = new Map<string, CellInput>();
  for (const cell of cells) byKey.set(`${cell.runModelId}\u0000${cell.datasetRowId ?? ''}`, cell);
  return byKey.size === cells.length ? [...cells] : [...byKey.values()];
}

export interface ManualGradeWriteRow {
  manual_score: number | null;
  manual_pass: boolean | null;
  manual_note: string | null;
  manual_graded_at: string;
}

export function manualGradeToRow(
  grade: { score: number | null; pass: boolean | null; note: string | null },
  gradedAt: Date,
): ManualGradeWriteRow {
  return {
    manual_score: grade.score,
    manual_pass: grade.pass,
    manual_note: grade.note,
    manual_graded_at: gradedAt.toISOString(),
  };
}
