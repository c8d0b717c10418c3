/**
 * Tracks a run's stored batches until each is finished and folded into the cells: polls every
 * open batch, backing off while nothing changes, records states and counts in the store, and
 * folds each finished batch's results once (`folded_at`). Everything it needs is in the store,
 * so a reload, a reboot or another machine resumes from the stored ids. Aborting `signal` stops
 * tracking only: the batches keep running at the provider.
 */
import type { PriceTable } from '../cost';
import type { Scheduler } from '../executor';
import { storedBatchDiscount } from '../model/run-config';
import { modelIdOf, type RunPlan } from '../run/run-plan';
import type { BatchStore, RunBatchRecord } from '../ports/batch-store';
import type { DatasetRowRecord, RunModelRecord } from '../model';
import type { Store } from '../ports/store';
import type { BatchOffer } from './batch-offers';
import { foldBatchResults } from './fold-results';
import { isFinishedState, type BatchClient, type BatchStatus } from './types';

export interface TrackDeps {
  store: Store & BatchStore;
  clientFor(runModel: RunModelRecord): BatchClient;
  offerFor(runModel: RunModelRecord): BatchOffer;
  prices: PriceTable;
  /** For graders' judge calls on the folded outputs. */
  scheduler?: Scheduler;
  now: () => Date;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  signal?: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
}

export interface BatchProgress {
  batches: number;
  finished: number;
  linesTotal: number;
  linesDone: number;
  /** From the pace seen since tracking started; null until lines move. */
  etaMs: number | null;
}

export interface TrackOutcome {
  /** `detached`: tracking stopped (signal) with batches still open. */
  state: 'finished' | 'detached';
  completed: number;
  failed: number;
  /** Batches the provider cancelled. */
  cancelled: number;
}

/** `batch 2/3 · 61 % · est. 40 min` */
export function formatBatchProgress(progress: BatchProgress): string {
  const current = Math.min(progress.finished + 1, progress.batches);
  const percent = progress.linesTotal === 0 ? 100 : Math.floor((progress.linesDone / progress.linesTotal) * 100);
  const eta = progress.etaMs === null ? '' : ` · est. ${formatDuration(progress.etaMs)}`;
  return `batch ${current}/${progress.batches} · ${percent} %${eta}`;
}

function formatDuration(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

function statusOf(record: RunBatchRecord): BatchStatus {
  return {
    batchId: record.batchId ?? '',
    state: record.state,
    total: record.lineCount,
    completed: record.completedCount,
    failed: record.failedCount,
    outputFileId: record.outputFileId,
    errorFileId: record.errorFileId,
    errors: record.errorText,
  };
}

function linesDone(record: RunBatchRecord): number {
  return record.foldedAt !== null || isFinishedState(record.state) ? record.lineCount : Math.min(record.lineCount, record.completedCount + record.failedCount);
}

export async function trackBatches(plan: RunPlan, rows: readonly DatasetRowRecord[] | null, deps: TrackDeps): Promise<TrackOutcome> {
  const { store } = deps;
  const outcome: TrackOutcome = { state: 'finished', completed: 0, failed: 0, cancelled: 0 };
  const modelOf = (record: RunBatchRecord): RunModelRecord | undefined => plan.run.models.find((m) => m.id === record.runModelId);
  const started = { at: deps.now().getTime(), done: -1 };
  let interval = deps.pollIntervalMs;

  for (;;) {
    const records = await store.listRunBatches(plan.run.id);
    let changed = false;
    for (const record of records) {
      const runModel = modelOf(record);
      if (record.foldedAt !== null || record.batchId === null || !runModel || deps.signal?.aborted) continue;
      const client = deps.clientFor(runModel);
      let current = record;
      if (!isFinishedState(record.state)) {
        const status = await client.retrieve(record.batchId);
        if (status.state !== record.state || status.completed !== record.completedCount || status.failed !== record.failedCount) {
          changed = true;
          current = await store.updateRunBatch(record.id, {
            state: status.state,
            completedCount: status.completed,
            failedCount: status.failed,
            outputFileId: status.outputFileId,
            errorFileId: status.errorFileId,
            errorText: status.errors,
            ...(isFinishedState(status.state) && { finishedAt: deps.now().toISOString() }),
          });
        }
      }
      if (!isFinishedState(current.state)) continue;
      const results = await client.results(statusOf(current));
      const folded = await foldBatchResults(plan, current.runModelId, results, rows, {
        store,
        prices: deps.prices,
        // the discount shown when the run was submitted; the offer's for runs stored before it was kept
        discount: storedBatchDiscount(plan.run.config, modelIdOf(runModel)) ?? deps.offerFor(runModel).discount,
        scheduler: deps.scheduler,
        signal: deps.signal,
      });
      outcome.completed += folded.completed;
      outcome.failed += folded.failed;
      await store.updateRunBatch(current.id, { foldedAt: deps.now().toISOString() });
      changed = true;
    }

    const latest = changed ? await store.listRunBatches(plan.run.id) : records;
    const progress = progressOf(latest, started, deps.now().getTime());
    deps.onProgress?.(progress);
    const open = latest.filter((b) => b.foldedAt === null && b.batchId !== null);
    if (open.length === 0) {
      outcome.cancelled = latest.filter((b) => b.state === 'cancelled').length;
      await store.setRunStatus(plan.run.id, outcome.cancelled > 0 ? 'cancelled' : 'completed');
      return outcome;
    }
    if (deps.signal?.aborted) return { ...outcome, state: 'detached' };
    interval = changed ? deps.pollIntervalMs : Math.min(Math.round(interval * 1.5), deps.maxPollIntervalMs);
    await deps.sleep(interval, deps.signal);
    if (deps.signal?.aborted) return { ...outcome, state: 'detached' };
  }
}

function progressOf(records: readonly RunBatchRecord[], started: { at: number; done: number }, now: number): BatchProgress {
  const linesTotal = records.reduce((sum, b) => sum + b.lineCount, 0);
  const done = records.reduce((sum, b) => sum + linesDone(b), 0);
  if (started.done < 0) started.done = done;
  const moved = done - started.done;
  const elapsed = now - started.at;
  const etaMs = moved > 0 && elapsed > 0 && done < linesTotal ? ((linesTotal - done) * elapsed) / moved : null;
  return { batches: records.length, finished: records.filter((b) => b.foldedAt !== null).length, linesTotal, linesDone: done, etaMs };
}
