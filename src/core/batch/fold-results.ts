/**
 * Writes a finished batch's result lines into the run's cells: answers costed at the batch price
 * and graded (graders through the live scheduler, assertions locally), failed and expired lines
 * as failed cells that a live re-run (`refinery run --resume ID`) picks up. Idempotent: a cell
 * already completed in the store is never written again, so folding twice stores nothing twice.
 */
import { findPrice, type PriceTable } from '../cost';
import type { Scheduler } from '../executor';
import { rowData } from '../prompt';
import { completionSchema, toTiming, toTokenUsage } from '../providers/chat-wire';
import { gradeCell } from '../run/grade-cell';
import { modelIdOf, type RunPlan } from '../run/run-plan';
import type { CellInput, DatasetRowRecord } from '../model';
import type { Store } from '../ports/store';
import { batchCostUsd } from './batch-cost';
import { batchCustomId } from './batch-lines';
import { failedCell } from './failed-cell';
import type { BatchLineResult } from './types';

export interface FoldDeps {
  store: Store;
  prices: PriceTable;
  /** The provider's batch discount (0.5: half price). */
  discount: number;
  /** For graders' judge calls; without graders it is never used. */
  scheduler?: Scheduler;
  signal?: AbortSignal;
}

export interface FoldOutcome {
  completed: number;
  failed: number;
  /** Lines whose cell was already completed (folded before, or re-run live): left as they are. */
  alreadyStored: number;
  /** Lines naming no cell of this run model. */
  unknown: number;
}

const SAVE_CHUNK = 500;

const noGrades = { gradeScore: null, gradePass: null, gradeReason: null, grades: [] };

export async function foldBatchResults(
  plan: RunPlan,
  runModelId: string,
  results: readonly BatchLineResult[],
  rows: readonly DatasetRowRecord[] | null,
  deps: FoldDeps,
): Promise<FoldOutcome> {
  const { store } = deps;
  const runModel = plan.run.models.find((m) => m.id === runModelId);
  if (!runModel) throw new Error(`run model ${runModelId} is not part of run ${plan.run.id}`);
  const price = findPrice(deps.prices, modelIdOf(runModel));
  const rowByKey = new Map((rows ?? [null]).map((row) => [batchCustomId(runModelId, row?.id ?? null), row]));
  const completed = new Set(
    (await store.listCellMetrics(plan.run.id)).filter((c) => c.status === 'completed').map((c) => batchCustomId(c.runModelId, c.datasetRowId)),
  );
  const assertions = plan.compiled.prompt.refinery.assert ?? [];
  const checked = plan.graders.length > 0 || assertions.length > 0;
  const outcome: FoldOutcome = { completed: 0, failed: 0, alreadyStored: 0, unknown: 0 };
  const cells: CellInput[] = [];
  const seen = new Set<string>();

  const flush = async (): Promise<void> => {
    while (cells.length > 0) await store.saveCells(cells.splice(0, SAVE_CHUNK));
  };

  for (const result of results) {
    const row = rowByKey.get(result.customId);
    if (row === undefined) {
      outcome.unknown++;
      continue;
    }
    if (completed.has(result.customId) || seen.has(result.customId)) {
      outcome.alreadyStored++;
      continue;
    }
    seen.add(result.customId);
    const datasetRowId = row?.id ?? null;
    if (!result.ok) {
      outcome.failed++;
      cells.push(failedCell(runModelId, datasetRowId, `batch ${result.kind}: ${result.message}`, 1));
      continue;
    }
    const parsed = completionSchema.safeParse(result.completion);
    if (!parsed.success) {
      outcome.failed++;
      cells.push(failedCell(runModelId, datasetRowId, 'batch failed: the provider\'s answer for this line is not a chat completion', 1));
      continue;
    }
    const usage = toTokenUsage(parsed.data.usage);
    const text = parsed.data.choices[0]?.message.content ?? '';
    const cell: CellInput = {
      runModelId,
      datasetRowId,
      status: 'completed',
      outputText: text,
      errorText: null,
      // A batch line has no latency of its own: the batch's wait is not the model's.
      latencyMs: null,
      tokensIn: usage.inputTokens,
      tokensOut: usage.outputTokens,
      tokensCached: usage.cachedInputTokens,
      costUsd: batchCostUsd(price, usage, deps.discount),
      ...noGrades,
      attempts: 1,
      providerTiming: { ...timingRecord(toTiming(parsed.data.usage, parsed.data.time_info)) },
      simulated: false,
      samples: [],
      request: null,
    };
    if (checked && deps.scheduler) {
      const data = rowData(row?.data ?? {});
      const grades = await gradeCell(
        { graders: plan.graders, assertions },
        { output: text, row: row?.data ?? {}, data, latencyMs: null, costUsd: cell.costUsd, outputSchema: plan.compiled.prompt.outputSchema },
        { scheduler: deps.scheduler, prices: deps.prices, signal: deps.signal },
      );
      Object.assign(cell, grades);
    }
    outcome.completed++;
    cells.push(cell);
    if (cells.length >= SAVE_CHUNK) await flush();
  }
  await flush();
  return outcome;
}

function timingRecord(timing: ReturnType<typeof toTiming>): Record<string, number> {
  return Object.fromEntries(Object.entries(timing).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}
