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
  CreateDatasetOptions,
  DatasetRecord,
  DatasetRowRecord,
  JsonValue,
  PromptRecord,
  RunInput,
  RunModelInput,
  RunModelRecord,
  RunPartialTexts,
  RunRecord,
  RunSummaryRecord,
} from './types';
import { runConfigSchema } from '../core/model/run-config';
import { asRow, integer, jsonObject, jsonObjectColumn, numeric, rowOfTuple, text, timestamp } from './row-columns';

export { jsonObject, jsonValue, numeric, timestamp } from './row-columns';
export * from './cell-rows';


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
  config: runConfigSchema,
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

