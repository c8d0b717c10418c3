import type { ChatMessage } from '../chat';
import { encodingForModel, roundUsd, type PriceTable } from '../cost';
import { rowData } from '../prompt';
import type { DatasetRowRecord } from '../model';
import { callsEstimate, countInputs, DEFAULT_OUTPUT_BUDGET, type GraderEstimate, type RunEstimate } from './estimate-run';
import { renderGraderRow, renderRow as renderDatasetRow } from './render-row';
import { modelIdOf, type RunPlan } from './run-plan';

/** A cell of a stored run, by its model and dataset row (null: a run without a dataset). */
export interface CellRef {
  runModelId: string;
  datasetRowId: string | null;
}

/**
 * What running these cells of a stored run again will cost at most, counted as a new run is
 * (see `estimatePreparedRun`): each cell's row rendered with the run's own prompt text, output at
 * its `maxOutputTokens`, `refinery.repeat` calls per cell, and one call per grader per call.
 */
export async function estimateCells(plan: RunPlan, rows: readonly DatasetRowRecord[], cells: readonly CellRef[], prices: PriceTable): Promise<RunEstimate> {
  const rowsById = new Map(rows.map((row) => [row.id, row]));
  const prompt = plan.compiled.prompt;
  const outputBudget = prompt.config.maxOutputTokens ?? DEFAULT_OUTPUT_BUDGET;
  const repeat = prompt.refinery.repeat;
  const rendered = new Map<string, ChatMessage[] | null>();
  const renderRow = async (rowId: string | null): Promise<ChatMessage[] | null> => {
    const key = rowId ?? '';
    if (!rendered.has(key)) {
      const data = rowId === null ? {} : (rowsById.get(rowId)?.data ?? {});
      // an unrenderable row fails without a call: it costs nothing
      rendered.set(key, await renderDatasetRow(plan.compiled, data).catch(() => null));
    }
    return rendered.get(key) ?? null;
  };

  const models: RunEstimate['models'] = [];
  const callsPerModel = new Map<string, Array<{ row: Record<string, unknown> }>>();
  for (const runModel of plan.run.models) {
    const messages: ChatMessage[][] = [];
    const graded: Array<{ row: Record<string, unknown> }> = [];
    for (const cell of cells.filter((c) => c.runModelId === runModel.id)) {
      const rendering = await renderRow(cell.datasetRowId);
      if (!rendering) continue;
      messages.push(rendering);
      graded.push({ row: cell.datasetRowId === null ? {} : (rowsById.get(cell.datasetRowId)?.data ?? {}) });
    }
    if (messages.length === 0) continue;
    const modelId = modelIdOf(runModel);
    const inputTokens = (await countInputs(encodingForModel(modelId), messages)) * repeat;
    models.push(callsEstimate(prices, modelId, messages.length * repeat, inputTokens, outputBudget * messages.length * repeat));
    callsPerModel.set(runModel.id, graded);
  }

  const graders: GraderEstimate[] = [];
  const gradedCalls = [...callsPerModel.values()].flat();
  for (const grader of plan.graders) {
    if (gradedCalls.length === 0) break;
    const graderMessages: ChatMessage[][] = [];
    for (const { row } of gradedCalls) {
      const rendering = await renderGraderRow(grader.compiled, rowData(row), '').catch(() => null);
      if (rendering) graderMessages.push(rendering);
    }
    const inputTokens = ((await countInputs(encodingForModel(grader.judge), graderMessages)) + graderMessages.length * outputBudget) * repeat;
    const outputTokens = (grader.compiled.prompt.config.maxOutputTokens ?? DEFAULT_OUTPUT_BUDGET) * graderMessages.length * repeat;
    graders.push({ grader: grader.ref, ...callsEstimate(prices, grader.judge, graderMessages.length * repeat, inputTokens, outputTokens) });
  }

  const all = [...models, ...graders];
  return {
    models,
    graders,
    totalUsd: roundUsd(all.reduce((sum, e) => sum + (e.costUsd ?? 0), 0)),
    unpriced: [...new Set(all.filter((e) => e.costUsd === null).map((e) => e.modelId))],
    method: 'tokenizer',
  };
}
