import { isAssertionName } from '../assertions/schema';
import { sumCosts } from '../cost';
import { sampleAgreement } from '../../shared/stats/sample-agreement';
import type { CellRecord, DatasetRowRecord, JsonValue, RunRecord, SampleRecord, SentRequest } from '../model';
import { cellBatchDiscount } from '../batch/cell-batch-discount';
import { modelIdOf } from '../run/run-plan';
import { cellOutcome, runHasChecks } from '../../shared/stats/outcome';
import { summarizeCells, type ModelSummary } from '../../shared/stats/summary';

/**
 * The cell's model's figures over the whole run, with their 95 % intervals (Wilson for the pass
 * rate, t for the mean score): the same on every cell of a model, so a spreadsheet of the export
 * reads them without recomputing.
 */
function modelColumns(summary: ModelSummary | undefined): Record<string, JsonValue> {
  return {
    model_pass_rate: summary?.passRate ?? null,
    model_pass_rate_ci_lower: summary?.passRateInterval?.lower ?? null,
    model_pass_rate_ci_upper: summary?.passRateInterval?.upper ?? null,
    model_pass_rate_cells: summary?.passRateCells ?? null,
    model_mean_score: summary?.meanScore ?? null,
    model_mean_score_ci_lower: summary?.meanScoreInterval?.lower ?? null,
    model_mean_score_ci_upper: summary?.meanScoreInterval?.upper ?? null,
  };
}

/** One flat record per cell, one column per metric: the shape CSV, JSON and JSONL exports share. */
export type ExportRow = Record<string, JsonValue>;

function sampleExport(sample: SampleRecord): JsonValue {
  return {
    output: sample.outputText,
    error: sample.errorText,
    latency_ms: sample.latencyMs,
    tokens_in: sample.tokensIn,
    tokens_out: sample.tokensOut,
    tokens_cached: sample.tokensCached,
    cost_usd: sample.costUsd,
    grade_pass: sample.gradePass,
    grade_score: sample.gradeScore,
    grades: sample.grades.map((g) => ({ grader: g.grader, score: g.score, pass: g.pass, reason: g.reason, state: g.state, cost_usd: g.costUsd })),
  };
}

/**
 * `refinery.repeat` columns: how many samples, how many passed, how many distinct outputs, and
 * (JSON/JSONL as an array, CSV as JSON text) the samples themselves. A single-sample cell is
 * one sample: its own pass and output; its `samples` list stays empty (the cell's columns are it).
 */
function sampleColumns(cell: CellRecord): Record<string, JsonValue> {
  if (cell.samples.length === 0) {
    return {
      sample_count: 1,
      sample_pass_count: cell.gradePass === null ? null : cell.gradePass ? 1 : 0,
      distinct_outputs: cell.status === 'completed' && cell.outputText !== null ? 1 : 0,
      samples: [],
    };
  }
  const agreement = sampleAgreement(cell.samples);
  return {
    sample_count: agreement.samples,
    sample_pass_count: agreement.graded === 0 ? null : agreement.passCount,
    distinct_outputs: agreement.distinctOutputs,
    samples: cell.samples.map(sampleExport),
  };
}

/** A recorded message (its exact JSON text) as a JSON value; each distinct text is parsed once. */
function parsedMessages(): (text: string) => JsonValue {
  const parsed = new Map<string, JsonValue>();
  return (text) => {
    let value = parsed.get(text);
    if (value === undefined) {
      value = JSON.parse(text) as JsonValue;
      parsed.set(text, value);
    }
    return value;
  };
}

export const PRICE_UNKNOWN_NOTE = 'price unknown';

/**
 * Why a cost column is empty: a model or judge answered but its price is unknown. Empty when
 * every cost is known, and for a failed call (nothing was used, nothing is owed).
 */
function costNote(cell: CellRecord): string | null {
  const modelUnpriced = cell.costUsd === null && cell.tokensIn !== null;
  const judgeUnpriced = cell.grades.some((g) => g.costUsd === null);
  if (modelUnpriced && judgeUnpriced) return `${PRICE_UNKNOWN_NOTE} (model and grader)`;
  if (modelUnpriced) return PRICE_UNKNOWN_NOTE;
  if (judgeUnpriced) return `${PRICE_UNKNOWN_NOTE} (grader)`;
  return null;
}

/**
 * Flattens a run's cells with their dataset row: whether the run was a batch run, inputs as
 * `input.<column>`, then the status and outcome (passed, failed, ungraded, errored or unchecked:
 * see `cellOutcome`), output, error, latency, tokens, cost with the batch discount it is at (see
 * `cellBatchDiscount`; empty at the live price), the combined grade, one `grade.<grader>.*` group per grader,
 * one `assert.<name>.*` group per assertion, the grading cost beside the model's, the
 * `refinery.repeat` samples (see `sampleColumns`), the manual grade with a flag saying
 * whether a person graded the cell, the model's pass rate and mean score with their intervals
 * (see `modelColumns`), and what the model call sent (`request.messages`, `request.params`; null
 * when nothing was recorded) from `requests` (cell id → request).
 */
export function exportRows(run: RunRecord, cells: CellRecord[], rows: DatasetRowRecord[], requests: ReadonlyMap<string, SentRequest> = new Map()): ExportRow[] {
  const message = parsedMessages();
  const modelById = new Map(run.models.map((m) => [m.id, m]));
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const graders = Object.keys(run.graderTexts);
  const assertions = [...new Set(cells.flatMap((cell) => cell.grades.map((g) => g.grader).filter(isAssertionName)))];
  const columns = rows.length > 0 ? Object.keys(rows[0]?.data ?? {}) : [];
  const checked = runHasChecks(run, cells);
  const summaries = new Map(run.models.map((m) => [m.id, summarizeCells(cells.filter((c) => c.runModelId === m.id), { checked })]));

  const out = cells.map((cell): ExportRow & { _sort: number } => {
    const runModel = modelById.get(cell.runModelId);
    const modelId = runModel ? modelIdOf(runModel) : cell.runModelId;
    const row = cell.datasetRowId ? rowById.get(cell.datasetRowId) : undefined;
    const record: ExportRow & { _sort: number } = {
      _sort: (row?.rowIndex ?? 0) * 1000 + run.models.findIndex((m) => m.id === cell.runModelId),
      run_id: run.id,
      row_index: row?.rowIndex ?? null,
      model: modelId,
      simulated: cell.simulated,
      batch: run.config.batch === true,
    };
    for (const column of columns) record[`input.${column}`] = row?.data[column] ?? null;
    Object.assign(record, {
      status: cell.status,
      outcome: cellOutcome(cell, { checked }),
      output: cell.outputText,
      error: cell.errorText,
      latency_ms: cell.latencyMs,
      tokens_in: cell.tokensIn,
      tokens_out: cell.tokensOut,
      tokens_cached: cell.tokensCached,
      cost_usd: cell.costUsd,
      batch_discount: cellBatchDiscount(run.config, modelId, cell),
      grading_cost_usd: sumCosts(cell.grades.map((g) => g.costUsd)),
      total_cost_usd: sumCosts([cell.costUsd, ...cell.grades.map((g) => g.costUsd)]),
      cost_note: costNote(cell),
      attempts: cell.attempts,
      grade_score: cell.gradeScore,
      grade_pass: cell.gradePass,
      grade_reason: cell.gradeReason,
      ...sampleColumns(cell),
    });
    for (const grader of graders) {
      const grade = cell.grades.find((g) => g.grader === grader);
      record[`grade.${grader}.score`] = grade?.score ?? null;
      record[`grade.${grader}.pass`] = grade?.pass ?? null;
      record[`grade.${grader}.reason`] = grade?.reason ?? null;
      record[`grade.${grader}.cost_usd`] = grade?.costUsd ?? null;
      record[`grade.${grader}.tokens_in`] = grade?.tokensIn ?? null;
      record[`grade.${grader}.tokens_out`] = grade?.tokensOut ?? null;
      record[`grade.${grader}.tokens_cached`] = grade?.tokensCached ?? null;
    }
    for (const name of assertions) {
      const grade = cell.grades.find((g) => g.grader === name);
      const column = name.slice('assert:'.length);
      record[`assert.${column}.pass`] = grade?.pass ?? null;
      record[`assert.${column}.reason`] = grade?.reason ?? null;
    }
    Object.assign(record, {
      manually_graded: cell.manualPass !== null || cell.manualScore !== null,
      manual_score: cell.manualScore,
      manual_pass: cell.manualPass,
      manual_note: cell.manualNote,
      ...modelColumns(summaries.get(cell.runModelId)),
    });
    const request = requests.get(cell.id);
    record['request.messages'] = request ? request.messages.map(message) : null;
    record['request.params'] = request ? request.params : null;
    return record;
  });
  out.sort((a, b) => a._sort - b._sort);
  return out.map(({ _sort, ...rest }) => rest);
}
