import type { CellDetailView, SampleView } from '../../shared/protocol';
import type { DatasetRowRecord, RunRecord, SampleRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';
import { cellBatchDiscount } from '../../core/batch/cell-batch-discount';
import { sumCosts } from '../../core/cost/sum-costs';
import { modelIdOf } from '../../core/run/run-plan';
import { fullRowValues, toCellView, type AnyCell } from './cell-view';
import { toRequestView } from './request-view';

function sampleView(sample: SampleRecord): SampleView {
  return {
    output: sample.outputText,
    error: sample.errorText,
    latencyMs: sample.latencyMs,
    tokensIn: sample.tokensIn,
    tokensOut: sample.tokensOut,
    costUsd: sample.costUsd,
    gradePass: sample.gradePass,
    gradeScore: sample.gradeScore,
    grades: sample.grades,
  };
}

/**
 * The cell's detail for the grade panel. "Messages sent" is the run's record of the request (a
 * cell streamed in this window carries it; a stored one is read back), never a re-render.
 */
export async function buildCellDetail(run: RunRecord, cell: AnyCell & { id?: string }, row: DatasetRowRecord | undefined, store: Store): Promise<CellDetailView> {
  const runModel = run.models.find((m) => m.id === cell.runModelId);
  const batchDiscount = runModel ? cellBatchDiscount(run.config, modelIdOf(runModel), cell) : null;
  const request = cell.request ?? (cell.id ? (await store.listCellRequests(run.id, [cell.id])).get(cell.id) : undefined) ?? null;
  return {
    cell: toCellView(cell),
    output: cell.outputText,
    request: request ? toRequestView(request) : null,
    grades: cell.grades,
    manualNote: cell.manualNote ?? null,
    attempts: cell.attempts,
    providerTiming: cell.providerTiming,
    modelCostUsd: cell.costUsd,
    gradingCostUsd: sumCosts(cell.grades.map((grade) => grade.costUsd)),
    ...(batchDiscount !== null && { modelBatchDiscount: batchDiscount }),
    rowValues: fullRowValues(row),
    modelLabel: runModel ? runModel.displayLabel || `${runModel.provider}/${runModel.model}` : cell.runModelId,
    ...(cell.samples.length > 1 ? { samples: cell.samples.map(sampleView) } : {}),
  };
}
