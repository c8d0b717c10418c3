/**
 * The run_cell rows: reads (validated, the metrics by hand as hot reads) and writes. See `rows.ts`.
 */
import { z } from 'zod';
import type { CellInput, CellMetrics, CellRecord, GradeRecord, SampleRecord } from './types';
import { cellIdOf } from '../core/model/cell-id';
import { requestRows, type MessageWriteRow, type RequestColumn } from './request-record';
import { asRow, badColumn, boolean, booleanOrNull, integerOrNull, numberOrNull, numeric, rowOfTuple, text, textOrNull, timestamp } from './row-columns';

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

/** The run_cell columns of `CellMetrics`: select exactly these for `cellMetricsFromRow`. */
export const CELL_METRICS_COLUMNS = [
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

export function cellFromRow(row: unknown): CellRecord {
  const r = runCellTable.parse(row);
  return {
    id: cellIdOf(r.run_model_id, r.dataset_row_id),
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
  const runModelId = text(t, r, 'run_model_id');
  const datasetRowId = textOrNull(t, r, 'dataset_row_id');
  return {
    id: cellIdOf(runModelId, datasetRowId),
    runModelId,
    datasetRowId,
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
