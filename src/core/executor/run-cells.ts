import type { CompletionResult, ProviderError } from '../providers/types';
import { asProviderError } from './provider-errors';
import type { CellRequest, Scheduler } from './scheduler';

/** One (dataset row × model) cell to run. */
export interface CellTask {
  key: string;
  modelId: string;
  request: CellRequest;
  /** Prompt estimate + max output tokens, for the tokens-per-minute limit. */
  estimatedTokens?: number;
}

export type ExecutorEvent<T extends CellTask = CellTask> =
  | { type: 'started'; task: T }
  | { type: 'retrying'; task: T; attempt: number; delayMs: number; error: ProviderError }
  | { type: 'completed'; task: T; result: CompletionResult; attempts: number }
  | { type: 'failed'; task: T; error: ProviderError; attempts: number }
  | { type: 'cancelled'; task: T }
  /** `done` counts every finished cell (completed, failed or cancelled); `failed` is the failed share of it. */
  | { type: 'progress'; done: number; failed: number; total: number; inFlight: number };

export interface RunCellsOptions<T extends CellTask> {
  scheduler: Scheduler;
  signal?: AbortSignal;
  onEvent(event: ExecutorEvent<T>): void;
  /** Tasks submitted and not yet finished, at most; the rest are pulled from the iterable as cells finish. Default 256. */
  maxPending?: number;
  /** Cell count for progress events when `tasks` is not an array; else the count pulled so far. */
  total?: number;
  /** Least time between two progress events (the first and the last are always sent). Default 100 ms. */
  progressIntervalMs?: number;
  now?: () => number;
}

export interface RunSummary {
  completed: number;
  failed: number;
  cancelled: number;
}

/**
 * Runs every cell through the scheduler and reports each one exactly once: `completed`,
 * `failed` (with the last error) or `cancelled`. Tasks are pulled lazily, so a 15,000-cell run
 * holds only `maxPending` of them in memory. Once `signal` aborts, no cell completes any more:
 * the ones in flight or still in the iterable are reported `cancelled`.
 * Rejects only if `onEvent` or the iterable threw, and then only once the cells already submitted have finished.
 */
export function runCells<T extends CellTask>(tasks: Iterable<T>, options: RunCellsOptions<T>): Promise<RunSummary> {
  const { scheduler, signal } = options;
  const maxPending = Math.max(1, options.maxPending ?? 256);
  const progressIntervalMs = options.progressIntervalMs ?? 100;
  const now = options.now ?? (() => performance.now());
  const knownTotal = options.total ?? (Array.isArray(tasks) ? tasks.length : undefined);
  const iterator = tasks[Symbol.iterator]();

  return new Promise<RunSummary>((resolve, reject) => {
    let pulled = 0;
    let pending = 0;
    let exhausted = false;
    let finished = false;
    let completed = 0;
    let failed = 0;
    let cancelled = 0;
    let lastProgressAt = -Infinity;
    let problem: { error: unknown } | undefined;

    const emit = (event: ExecutorEvent<T>): void => {
      try {
        options.onEvent(event);
      } catch (error) {
        problem ??= { error };
      }
    };

    const progress = (force: boolean): void => {
      const at = now();
      if (!force && at - lastProgressAt < progressIntervalMs) return;
      lastProgressAt = at;
      const done = completed + failed + cancelled;
      emit({ type: 'progress', done, failed, total: knownTotal ?? pulled, inFlight: scheduler.stats().inFlight });
    };

    const pull = (): T | undefined => {
      try {
        const next = iterator.next();
        if (next.done) {
          exhausted = true;
          return undefined;
        }
        pulled++;
        return next.value;
      } catch (error) {
        problem ??= { error };
        exhausted = true;
        return undefined;
      }
    };

    const launch = (task: T): void => {
      pending++;
      let started = false;
      let retries = 0;
      scheduler
        .submit(task.modelId, task.request, {
          signal,
          estimatedTokens: task.estimatedTokens,
          onStart: () => {
            started = true;
            emit({ type: 'started', task });
          },
          onRetry: ({ attempt, delayMs, error }) => {
            retries++;
            emit({ type: 'retrying', task, attempt, delayMs, error });
          },
        })
        .then(
          ({ result, attempts }) => {
            // An answer that arrived is kept even if the run was cancelled meanwhile: throwing
            // it away would lose a paid-for cell and request it again on resume.
            completed++;
            emit({ type: 'completed', task, result, attempts });
            settled();
          },
          (error: unknown) => {
            if (signal?.aborted) {
              cancelled++;
              emit({ type: 'cancelled', task });
            } else {
              failed++;
              emit({ type: 'failed', task, error: asProviderError(error), attempts: started ? retries + 1 : 0 });
            }
            settled();
          },
        );
    };

    const fill = (): void => {
      if (signal?.aborted) {
        for (let task = pull(); task !== undefined; task = pull()) {
          cancelled++;
          emit({ type: 'cancelled', task });
        }
      }
      while (!exhausted && pending < maxPending) {
        const task = pull();
        if (task !== undefined) launch(task);
      }
      if (exhausted && pending === 0) finish();
    };

    const settled = (): void => {
      pending--;
      fill();
      if (!finished) progress(false);
    };

    const finish = (): void => {
      if (finished) return;
      finished = true;
      progress(true);
      if (problem) reject(problem.error instanceof Error ? problem.error : new Error(String(problem.error)));
      else resolve({ completed, failed, cancelled });
    };

    fill();
    if (!finished) progress(true);
  });
}
