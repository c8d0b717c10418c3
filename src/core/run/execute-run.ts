import { imageCount, type ChatMessage } from '../chat';
import { computeCost, findPrice, type PriceTable } from '../cost';
import { guardModels, runCells, type CellTask, type Scheduler } from '../executor';
import { rowData, type RowData } from '../prompt';
import { imageInputOf } from '../providers';
import type { ProviderError, ProviderTiming, TokenUsage } from '../providers/types';
import { CellWriter, type CellWriterOptions } from '../executor/cell-writer';
import { cellIdOf, EMPTY_RESULT, type CellId, type CellInput, type CellMetrics, type DatasetRowRecord, type RunModelRecord, type RunStatus, type SampleRecord, type SentRequest } from '../model';
import type { Store } from '../ports/store';
import { sentParamsRecord } from './sent-request';
import { repeatedCell, type FinishedSample } from '../repeats/aggregate-samples';
import { cellOutcome } from '../../shared/stats/outcome';
import { gradeCell } from './grade-cell';
import { responseFormatFor } from './response-format';
import { modelIdOf, type RunPlan } from './run-plan';
import type { RunEvent } from './run-events';

export interface ExecuteRunDeps {
  store: Store;
  scheduler: Scheduler;
  prices: PriceTable;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  writer?: Partial<CellWriterOptions>;
  /**
   * Also run again the completed cells that did not pass their checks — failed or ungraded (see
   * `cellOutcome`) — (`refinery run --resume ID --failed`, the grid's Re-run failed).
   */
  rerunFailedGrades?: boolean;
  /**
   * Run only cells the store already has (with `rerunFailedGrades`: the errored, failed and
   * ungraded ones): cells that never ran — a cancelled run's — stay not run. The grid's Re-run
   * failed, unless the user also asked for those.
   */
  onlyStoredCells?: boolean;
}

export interface RunOutcome {
  status: RunStatus;
  completed: number;
  failed: number;
  cancelled: number;
  /** Cells that were already in the store (a resumed run). */
  alreadyDone: number;
}

interface RunCellTask extends CellTask {
  runModel: RunModelRecord;
  row: DatasetRowRecord | null;
  /** The row as render data (what graders read); empty for a row that could not be split. */
  data: RowData;
  /** The rendered messages as the exact JSON texts the request body carries. */
  sentMessages: string[];
  /** The cell this call is a sample of (`refinery.repeat`); `key` names the sample. */
  cellKey: CellId;
  sampleIndex: number;
}

/** A row rendered once for all its models: what each of its cells' tasks shares. */
interface RenderedRow {
  row: DatasetRowRecord | null;
  data: RowData;
  sentMessages: string[];
  request: CellTask['request'];
  /** The models this row's cells run on (not run yet, and able to take its messages). */
  models: RunModelRecord[];
}

const noDatasetRow: DatasetRowRecord[] = [];

function errorText(error: ProviderError): string {
  return `${error.kind}${error.status ? ` ${error.status}` : ''}: ${error.message}`;
}

/**
 * Runs the cells of a stored run that are not completed yet (all of them for a new run; the
 * missing and failed ones for a resumed run), grades them, and persists each as it completes.
 * With `refinery.repeat: N` every cell is N calls through the same scheduler, each graded; the
 * cell is saved once, when all N are done (see `repeatedCell`), so a cancelled run keeps only
 * whole cells and a resumed one runs the unfinished cells' N samples again.
 */
export async function executeRun(plan: RunPlan, deps: ExecuteRunDeps): Promise<RunOutcome> {
  const { store, prices, signal, onEvent } = deps;
  const { run, compiled } = plan;
  // A model the provider no longer serves fails its remaining cells (and grader calls) at once.
  const scheduler = guardModels(deps.scheduler, {
    onModelStopped: (modelId, error) => onEvent?.({ type: 'model-stopped', modelId, message: error.message }),
  });

  const rows = run.datasetId ? await store.getDatasetRows(run.datasetId) : noDatasetRow;
  const done = new Set<string>();
  const checked = plan.graders.length > 0 || (compiled.prompt.refinery.assert?.length ?? 0) > 0;
  const runAgain = (cell: CellMetrics): boolean => deps.rerunFailedGrades === true && checked && cellOutcome(cell, { checked }) !== 'passed';
  const stored = new Set<string>();
  for (const cell of await store.listCellMetrics(run.id)) {
    stored.add(cellIdOf(cell.runModelId, cell.datasetRowId));
    if (cell.status === 'completed' && !runAgain(cell)) done.add(cellIdOf(cell.runModelId, cell.datasetRowId));
  }
  const toRun = (key: string): boolean => !done.has(key) && (deps.onlyStoredCells !== true || stored.has(key));

  const rowSlots: Array<DatasetRowRecord | null> = run.datasetId ? rows : [null];
  const total = rowSlots.length * run.models.length;
  const config = compiled.prompt.config;
  const responseFormat = responseFormatFor(compiled.prompt);
  const repeat = compiled.prompt.refinery.repeat;

  // Render once per row (not per model) before the first request, so a template problem in
  // one row becomes that row's failed cells instead of stopping the run. The cells' tasks are
  // made as the executor pulls them (`cellTasks`), not held all at once for the whole run.
  const rendered: RenderedRow[] = [];
  const unrenderable: Array<{ task: RunCellTask; error: Error }> = [];
  const modelIds = new Map(run.models.map((m) => [m.id, modelIdOf(m)]));
  const modelIdFor = (runModel: RunModelRecord): string => modelIds.get(runModel.id) ?? modelIdOf(runModel);
  /** The first sample's task of a row's cell on one model. */
  const taskOf = (runModel: RunModelRecord, { row, data, sentMessages, request }: Omit<RenderedRow, 'models'>): RunCellTask => {
    const key = cellIdOf(runModel.id, row?.id ?? null);
    return { key, cellKey: key, sampleIndex: 0, modelId: modelIdFor(runModel), request, runModel, row, data, sentMessages };
  };
  let cellsToRun = 0;
  for (const row of rowSlots) {
    const pending = run.models.filter((m) => toRun(cellIdOf(m.id, row?.id ?? null)));
    if (pending.length === 0) continue;
    let messages: ChatMessage[] = [];
    let data: RowData = { input: {}, context: {} };
    let renderError: Error | null = null;
    try {
      data = rowData(row?.data ?? {});
      messages = await compiled.render(data.input, { ...(data.history && { history: data.history }), context: data.context });
    } catch (error) {
      renderError = error instanceof Error ? error : new Error(String(error));
    }
    // what the request body carries, serialized once per row: every model gets the same messages
    const sentMessages = messages.map((message) => JSON.stringify(message));
    const images = messages.reduce((count, message) => count + imageCount(message), 0);
    const request = {
      messages,
      temperature: config.temperature,
      maxOutputTokens: config.maxOutputTokens,
      topP: config.topP,
      stop: config.stopSequences,
      responseFormat,
    };
    const sendTo: RunModelRecord[] = [];
    for (const runModel of pending) {
      const modelId = modelIdFor(runModel);
      const unsent = (error: Error): void => {
        unrenderable.push({ task: taskOf(runModel, { row, data, sentMessages, request }), error });
      };
      if (renderError) unsent(new Error(`prompt could not be rendered for this row: ${renderError.message}`));
      else if (images > 0 && imageInputOf(modelId) === 'no') {
        unsent(new Error(`not sent: this row's messages carry ${images === 1 ? 'an image' : `${images} images`}, and ${modelId} does not take images`));
      } else sendTo.push(runModel);
    }
    if (sendTo.length === 0) continue;
    rendered.push({ row, data, sentMessages, request, models: sendTo });
    cellsToRun += sendTo.length * repeat;
  }

  /** Each cell's task (and its samples' with `refinery.repeat`), row by row, made when pulled. */
  function* cellTasks(): Generator<RunCellTask> {
    for (const rendering of rendered) {
      for (const runModel of rendering.models) {
        const task = taskOf(runModel, rendering);
        yield task;
        for (let sampleIndex = 1; sampleIndex < repeat; sampleIndex++) yield { ...task, key: `${task.key}#${sampleIndex}`, sampleIndex };
      }
    }
  }

  await store.setRunStatus(run.id, 'running');
  onEvent?.({ type: 'run-started', run, total, alreadyDone: done.size });

  const writer = new CellWriter(store, deps.writer);
  const priceByModel = new Map<string, ReturnType<typeof findPrice>>();
  const costOf = (modelId: string, usage: TokenUsage): number | null => {
    if (!priceByModel.has(modelId)) priceByModel.set(modelId, findPrice(prices, modelId));
    return computeCost(priceByModel.get(modelId), usage)?.totalUsd ?? null;
  };
  const grading = new Set<Promise<void>>();
  let completed = 0;
  let failed = 0;

  function save(cell: CellInput, task: RunCellTask): void {
    if (cell.status === 'completed') completed++;
    else failed++;
    writer.add(cell);
    onEvent?.({ type: 'cell-saved', cell, modelId: task.modelId, rowIndex: task.row?.rowIndex ?? null });
  }

  // Repeated cells: the finished samples of each cell, saved as one cell once all N are in.
  const samplesOf = new Map<string, Array<FinishedSample | undefined>>();
  function finishSample(cell: CellInput, task: RunCellTask): void {
    if (repeat === 1) {
      save(cell, task);
      return;
    }
    const finished = samplesOf.get(task.cellKey) ?? [];
    samplesOf.set(task.cellKey, finished);
    finished[task.sampleIndex] = { sample: sampleOf(cell), attempts: cell.attempts, providerTiming: cell.providerTiming, simulated: cell.simulated, request: cell.request };
    const all = finished.filter((f): f is FinishedSample => f !== undefined);
    if (all.length < repeat) return;
    samplesOf.delete(task.cellKey);
    save(repeatedCell(baseCell(task), all), task);
  }

  // Progress counts cells: a cell has run once every one of its samples finished (however).
  const samplesRun = new Map<string, { count: number; failed: boolean; cancelled: boolean }>();
  let cellsRun = 0;
  let cellsFailed = 0;
  let cellsCancelled = 0;
  function sampleRan(task: RunCellTask, outcome: 'completed' | 'failed' | 'cancelled'): void {
    const state = samplesRun.get(task.cellKey) ?? { count: 0, failed: false, cancelled: false };
    state.count++;
    state.failed ||= outcome === 'failed';
    state.cancelled ||= outcome === 'cancelled';
    if (state.count < repeat) {
      samplesRun.set(task.cellKey, state);
      return;
    }
    samplesRun.delete(task.cellKey);
    cellsRun++;
    if (state.cancelled) cellsCancelled++;
    else if (state.failed) cellsFailed++;
  }

  const baseCell = (task: RunCellTask) => ({
    runModelId: task.runModel.id,
    datasetRowId: task.row?.id ?? null,
  });

  for (const { task, error } of unrenderable) {
    save({ ...baseCell(task), ...EMPTY_RESULT, status: 'failed', errorText: error.message, attempts: 0, samples: [], request: null }, task);
  }

  // On an unexpected failure, save what completed and mark the run failed, never left "running".
  const failRun = async (error: unknown): Promise<never> => {
    await writer.close().catch(() => undefined);
    await store.setRunStatus(run.id, 'failed').catch(() => undefined);
    throw error;
  };

  await runCells(cellTasks(), {
    scheduler,
    signal,
    total: cellsToRun,
    onEvent(event) {
      switch (event.type) {
        case 'completed': {
          const { task, result, attempts } = event;
          sampleRan(task, 'completed');
          const cell: CellInput = {
            runModelId: task.runModel.id,
            datasetRowId: task.row?.id ?? null,
            status: 'completed',
            outputText: result.text,
            errorText: null,
            latencyMs: Math.round(result.latencyMs),
            tokensIn: result.usage.inputTokens,
            tokensOut: result.usage.outputTokens,
            tokensCached: result.usage.cachedInputTokens,
            costUsd: costOf(task.modelId, result.usage),
            gradeScore: null,
            gradePass: null,
            gradeReason: null,
            grades: [],
            attempts,
            providerTiming: timingRecord(result.timing),
            simulated: result.simulated,
            samples: [],
            request: sentRequest(task, result.sentParams),
          };
          const assertions = compiled.prompt.refinery.assert ?? [];
          if (plan.graders.length === 0 && assertions.length === 0) {
            finishSample(cell, task);
            break;
          }
          const pending = gradeCell(
            { graders: plan.graders, assertions },
            { output: result.text, row: task.row?.data ?? {}, data: task.data, latencyMs: cell.latencyMs, costUsd: cell.costUsd, outputSchema: compiled.prompt.outputSchema },
            { scheduler, prices, signal },
          ).then((grades) => finishSample({ ...cell, ...grades }, task));
          grading.add(pending);
          void pending.finally(() => grading.delete(pending));
          break;
        }
        case 'failed':
          sampleRan(event.task, 'failed');
          finishSample(
            {
              ...baseCell(event.task),
              ...EMPTY_RESULT,
              status: 'failed',
              errorText: errorText(event.error),
              attempts: event.attempts,
              samples: [],
              request: sentRequest(event.task, event.error.sentParams),
            },
            event.task,
          );
          break;
        case 'cancelled':
          sampleRan(event.task, 'cancelled');
          break;
        case 'retrying':
          onEvent?.({
            type: 'retrying',
            modelId: event.task.modelId,
            rowIndex: event.task.row?.rowIndex ?? null,
            attempt: event.attempt,
            delayMs: event.delayMs,
            reason: errorText(event.error),
          });
          break;
        case 'progress':
          onEvent?.({ type: 'progress', done: cellsRun + done.size, failed: cellsFailed, total, inFlight: event.inFlight });
          break;
        case 'started':
          break;
      }
    },
  }).catch(failRun);

  try {
    while (grading.size > 0) await Promise.all([...grading]);
    await writer.close();
  } catch (error) {
    await failRun(error);
  }

  const status: RunStatus = signal?.aborted ? 'cancelled' : 'completed';
  await store.setRunStatus(run.id, status);
  const outcome = { status, completed, failed, cancelled: cellsCancelled, alreadyDone: done.size };
  onEvent?.({ type: 'run-finished', run, ...outcome });
  return outcome;
}

/** What the cell's call sent; null when no body went out. */
function sentRequest(task: RunCellTask, sentParams: Readonly<Record<string, unknown>> | undefined): SentRequest | null {
  return sentParams === undefined ? null : { messages: task.sentMessages, params: sentParamsRecord(sentParams) };
}

/** Only the timing fields the provider reported, as the store's plain number record. */
function timingRecord(timing: ProviderTiming): Record<string, number> {
  const record: Record<string, number> = {};
  if (timing.queueMs !== undefined) record.queueMs = timing.queueMs;
  if (timing.promptMs !== undefined) record.promptMs = timing.promptMs;
  if (timing.completionMs !== undefined) record.completionMs = timing.completionMs;
  if (timing.totalMs !== undefined) record.totalMs = timing.totalMs;
  return record;
}

/** What a repeated cell keeps of one of its samples. */
function sampleOf(cell: CellInput): SampleRecord {
  return {
    outputText: cell.outputText,
    errorText: cell.errorText,
    latencyMs: cell.latencyMs,
    tokensIn: cell.tokensIn,
    tokensOut: cell.tokensOut,
    tokensCached: cell.tokensCached,
    costUsd: cell.costUsd,
    gradePass: cell.gradePass,
    gradeScore: cell.gradeScore,
    grades: cell.grades,
  };
}
