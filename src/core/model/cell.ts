import type { JsonValue } from './json';

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

