import type { ProviderError } from '../providers/types';
import { asProviderError } from './provider-errors';
import type { CellRequest, Scheduler, SubmitOptions } from './scheduler';

export interface GuardedScheduler extends Scheduler {
  /** The error that stopped this model, if the provider said it does not serve it. */
  stoppedBy(modelId: string): ProviderError | undefined;
}

export interface ModelGuardOptions {
  /** Called once per model, when its first `model_unavailable` answer stops it. */
  onModelStopped?(modelId: string, error: ProviderError): void;
}

/**
 * Stops a model at its first `model_unavailable` answer (retired, unknown, 404): its requests
 * still queued or in flight are aborted and every one of them, and every later one, fails at
 * once with that same error instead of being sent and failing one at a time. Other models go on.
 * A wrapper around any scheduler: each model's requests carry one extra abort signal of its own.
 */
export function guardModels(scheduler: Scheduler, options: ModelGuardOptions = {}): GuardedScheduler {
  const stopped = new Map<string, ProviderError>();
  const stops = new Map<string, AbortController>();
  // One combined signal per (caller's signal, model), so the scheduler's per-signal abort groups stay few.
  const combined = new WeakMap<AbortSignal, Map<string, AbortSignal>>();

  const stopFor = (modelId: string): AbortController => {
    let controller = stops.get(modelId);
    if (!controller) {
      controller = new AbortController();
      stops.set(modelId, controller);
    }
    return controller;
  };

  const signalFor = (modelId: string, signal: AbortSignal | undefined): AbortSignal => {
    const own = stopFor(modelId).signal;
    if (!signal) return own;
    let byModel = combined.get(signal);
    if (!byModel) {
      byModel = new Map();
      combined.set(signal, byModel);
    }
    let both = byModel.get(modelId);
    if (!both) {
      both = AbortSignal.any([signal, own]);
      byModel.set(modelId, both);
    }
    return both;
  };

  const stop = (modelId: string, error: ProviderError): void => {
    if (stopped.has(modelId)) return;
    stopped.set(modelId, error);
    options.onModelStopped?.(modelId, error);
    stopFor(modelId).abort(error);
  };

  return {
    submit(modelId: string, request: CellRequest, submitOptions?: SubmitOptions) {
      const already = stopped.get(modelId);
      if (already) return Promise.reject(already);
      const callerSignal = submitOptions?.signal;
      return scheduler.submit(modelId, request, { ...submitOptions, signal: signalFor(modelId, callerSignal) }).catch((thrown: unknown) => {
        const error = asProviderError(thrown);
        if (error.kind === 'model_unavailable') stop(modelId, error);
        // A request aborted because its model stopped fails with the reason, not as "cancelled".
        const reason = stopped.get(modelId);
        if (reason && !callerSignal?.aborted) throw reason;
        throw thrown;
      });
    },
    stats: () => scheduler.stats(),
    stoppedBy: (modelId) => stopped.get(modelId),
  };
}
