/**
 * A batch run from start to end, the same for every front-end (CLI, editor): which offer each
 * model gets, submitting what is pending, tracking until every batch is folded (and submitting
 * again when a model's failed cells had to wait for its earlier batches), and cancelling at the
 * provider. The front-end brings the store, the settings, the keys and what to show.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { PriceTable } from '../cost';
import { createScheduler } from '../executor';
import type { DatasetRowRecord, RunModelRecord } from '../model';
import { isBatchStore, type BatchStore } from '../ports/batch-store';
import type { Store } from '../ports/store';
import { createProviderRegistry, type ProviderRegistry } from '../providers';
import { batchClientFor } from '../providers/batch/batch-client-for';
import type { OpenAICompatibleEndpoint } from '../providers/endpoint-schema';
import type { RunPlan } from '../run/run-plan';
import { batchOfferFor, type BatchOffer, type BatchSettings } from './batch-offers';
import { cancelBatches } from './cancel-batches';
import { submitBatches, type SubmitOutcome } from './submit-batches';
import { trackBatches, type BatchProgress, type TrackOutcome } from './track-batches';
import type { BatchClient } from './types';

export const DEFAULT_POLL_MS = 15_000;
export const DEFAULT_MAX_POLL_MS = 5 * 60_000;

export function requireBatchStore(store: Store): Store & BatchStore {
  if (!isBatchStore(store)) throw new Error('this store does not keep batches');
  return store;
}

/** Every model's offer, checked before anything is created: a model without one throws a UserError naming it. */
export function batchOffersFor(models: readonly string[], settings: BatchSettings | undefined, endpoints: readonly OpenAICompatibleEndpoint[]): Map<string, BatchOffer> {
  const offers = new Map<string, BatchOffer>();
  for (const model of models) offers.set(model, batchOfferFor(model.slice(0, model.indexOf('/')), settings, endpoints));
  return offers;
}

/** The distinct completion windows of the offers, e.g. `24h`. */
export function batchWindows(offers: Iterable<BatchOffer>): string {
  return [...new Set([...offers].map((o) => o.completionWindow))].join(', ');
}

export interface BatchRunConfig {
  settings: BatchSettings | undefined;
  endpoints: readonly OpenAICompatibleEndpoint[];
  prices: PriceTable;
  /** Keys and base URLs by environment variable (`GROQ_API_KEY`, `GROQ_BASE_URL`…). */
  env: Record<string, string | undefined>;
  /** Provider id → key (VS Code SecretStorage); wins over `env`. */
  keys?: Record<string, string | undefined>;
  /** Base URL overrides of the built-in providers (batch clients and the graders' live calls). */
  baseUrls?: { groq?: string; cerebras?: string };
}

export interface BatchRunHooks {
  signal?: AbortSignal;
  /** New batches were submitted (`windows`: when their results are due at the latest). */
  onSubmitted?: (submitted: SubmitOutcome, windows: string) => void;
  onProgress?: (progress: BatchProgress) => void;
}

/** The offer and client of each run model, clients made once per provider (a missing key throws now, not at the first poll). */
function clientsOf(plan: RunPlan, config: BatchRunConfig) {
  const offerFor = (runModel: RunModelRecord): BatchOffer => batchOfferFor(runModel.provider, config.settings, config.endpoints);
  const clients = new Map<string, BatchClient>();
  const clientFor = (runModel: RunModelRecord): BatchClient => {
    let client = clients.get(runModel.provider);
    if (!client) {
      client = batchClientFor(offerFor(runModel), { env: config.env, keys: config.keys, endpoints: config.endpoints, baseUrls: config.baseUrls });
      clients.set(runModel.provider, client);
    }
    return client;
  };
  for (const runModel of plan.run.models) clientFor(runModel);
  return { offerFor, clientFor };
}

function pollSettings(settings: BatchSettings | undefined): { pollIntervalMs: number; maxPollIntervalMs: number } {
  const pollIntervalMs = settings?.pollIntervalMs ?? DEFAULT_POLL_MS;
  return { pollIntervalMs, maxPollIntervalMs: Math.max(pollIntervalMs, settings?.maxPollIntervalMs ?? DEFAULT_MAX_POLL_MS) };
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await sleepFor(ms, undefined, { signal }).catch(() => undefined);
}

async function rowsOf(plan: RunPlan, store: Store): Promise<DatasetRowRecord[] | null> {
  return plan.run.datasetId ? store.getDatasetRows(plan.run.datasetId) : null;
}

/**
 * Submits what is pending (with `submit`), then tracks until every batch is folded; repeats
 * while a submit finds cells still unsent (a model whose earlier batches had to finish first).
 * Aborting `hooks.signal` only stops tracking (`detached`): the batches keep running.
 */
export async function runBatchSession(plan: RunPlan, store: Store, config: BatchRunConfig, options: { submit: boolean } & BatchRunHooks): Promise<TrackOutcome> {
  const batchStore = requireBatchStore(store);
  const { offerFor, clientFor } = clientsOf(plan, config);
  const rows = await rowsOf(plan, store);
  let registry: ProviderRegistry | undefined;
  try {
    let scheduler;
    if (plan.graders.length > 0) {
      registry = createProviderRegistry({ env: config.env, keys: config.keys, baseUrls: config.baseUrls, endpoints: [...config.endpoints] });
      const providers = registry;
      scheduler = createScheduler({ resolve: (modelId) => providers.resolve(modelId), concurrency: 8, timeoutMs: 60_000, maxAttempts: 6 });
    }
    let outcome: TrackOutcome = { state: 'finished', completed: 0, failed: 0, cancelled: 0 };
    for (let round = 0; ; round++) {
      if (options.submit || round > 0) {
        const submitted = await submitBatches(plan, rows, { store: batchStore, offerFor, clientFor, now: () => new Date() });
        if (submitted.submittedLines > 0) options.onSubmitted?.(submitted, batchWindows(plan.run.models.map(offerFor)));
        else if (round > 0) break;
      }
      const tracked = await trackBatches(plan, rows, {
        store: batchStore,
        clientFor,
        offerFor,
        prices: config.prices,
        scheduler,
        now: () => new Date(),
        sleep,
        ...pollSettings(config.settings),
        signal: options.signal,
        onProgress: options.onProgress,
      });
      outcome = { state: tracked.state, completed: outcome.completed + tracked.completed, failed: outcome.failed + tracked.failed, cancelled: tracked.cancelled };
      if (tracked.state === 'detached' || tracked.cancelled > 0) break;
    }
    return outcome;
  } finally {
    await registry?.close();
  }
}

/** Asks the provider to cancel the run's open batches; returns how many were asked. Tracking then folds what finished before. */
export function cancelRunBatches(plan: RunPlan, store: Store, config: BatchRunConfig): Promise<number> {
  return cancelBatches(plan, { store: requireBatchStore(store), clientFor: clientsOf(plan, config).clientFor });
}

