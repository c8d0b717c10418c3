/**
 * `refinery run --batch`, `refinery runs watch|resume|cancel ID`: a run's cells through the
 * providers' Batch APIs. Ctrl-C while watching only stops watching (the batches keep running at
 * the provider, and `refinery runs watch ID` picks them up again, here or on another machine);
 * `refinery runs cancel ID` cancels them at the provider.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { batchOfferFor, cancelBatches, formatBatchProgress, submitBatches, trackBatches, type BatchOffer, type BatchSettings, type TrackOutcome } from '../core/batch';
import { createScheduler } from '../core/executor';
import { UserError } from '../core/errors';
import { createProviderRegistry, type ProviderRegistry } from '../core/providers';
import { batchClientFor } from '../core/providers/batch/batch-client-for';
import { planResume, type RunPlan } from '../core/run';
import { formatUsd } from '../core/stats';
import { isBatchStore, type BatchStore } from '../core/ports/batch-store';
import type { DatasetRowRecord, RunModelRecord } from '../core/model';
import type { Store } from '../core/ports/store';
import type { CliArgs } from './args';
import type { CliConfig } from './config-file';
import { loadCliConfig } from './config-file';
import { openCliStore } from './open-store';
import type { CliIO } from './run-command';

const DEFAULT_POLL_MS = 15_000;
const DEFAULT_MAX_POLL_MS = 5 * 60_000;

export function requireBatchStore(store: Store): Store & BatchStore {
  if (!isBatchStore(store)) throw new Error('this store does not keep batches');
  return store;
}

/** Every model's offer, checked before anything is created: a model without one refuses the run. */
export function batchOffersFor(models: readonly string[], config: Pick<CliConfig, 'batch' | 'endpoints'>): Map<string, BatchOffer> {
  const offers = new Map<string, BatchOffer>();
  for (const model of models) offers.set(model, batchOfferFor(model.slice(0, model.indexOf('/')), config.batch, config.endpoints));
  return offers;
}

interface BatchSession {
  plan: RunPlan;
  store: Store & BatchStore;
  config: CliConfig;
  io: CliIO;
}

function sessionDeps({ plan, config, io }: BatchSession) {
  const offerFor = (runModel: RunModelRecord): BatchOffer => batchOfferFor(runModel.provider, config.batch, config.endpoints);
  const clients = new Map<string, ReturnType<typeof batchClientFor>>();
  const clientFor = (runModel: RunModelRecord) => {
    let client = clients.get(runModel.provider);
    if (!client) {
      client = batchClientFor(offerFor(runModel), { env: io.env, endpoints: config.endpoints });
      clients.set(runModel.provider, client);
    }
    return client;
  };
  // Fail now, not at the first poll, when a key is missing.
  for (const runModel of plan.run.models) clientFor(runModel);
  return { offerFor, clientFor };
}

async function rowsOf(plan: RunPlan, store: Store): Promise<DatasetRowRecord[] | null> {
  return plan.run.datasetId ? store.getDatasetRows(plan.run.datasetId) : null;
}

function pollSettings(settings: BatchSettings | undefined): { pollIntervalMs: number; maxPollIntervalMs: number } {
  const pollIntervalMs = settings?.pollIntervalMs ?? DEFAULT_POLL_MS;
  return { pollIntervalMs, maxPollIntervalMs: Math.max(pollIntervalMs, settings?.maxPollIntervalMs ?? DEFAULT_MAX_POLL_MS) };
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await sleepFor(ms, undefined, { signal }).catch(() => undefined);
}

/**
 * Submits what is pending (with `submit`), then tracks until every batch is folded; repeats
 * while a submit finds cells still unsent (a model whose earlier batches had to finish first).
 */
async function submitAndTrack(session: BatchSession, options: { submit: boolean }): Promise<number> {
  const { plan, store, io } = session;
  const { offerFor, clientFor } = sessionDeps(session);
  const rows = await rowsOf(plan, store);
  let registry: ProviderRegistry | undefined;
  try {
    let scheduler;
    if (plan.graders.length > 0) {
      registry = createProviderRegistry({ env: io.env, endpoints: session.config.endpoints });
      const providers = registry;
      scheduler = createScheduler({ resolve: (modelId) => providers.resolve(modelId), concurrency: 8, timeoutMs: 60_000, maxAttempts: 6 });
    }
    let outcome: TrackOutcome = { state: 'finished', completed: 0, failed: 0, cancelled: 0 };
    for (let round = 0; ; round++) {
      if (options.submit || round > 0) {
        const submitted = await submitBatches(plan, rows, { store, offerFor, clientFor, now: () => new Date() });
        if (submitted.submittedLines > 0) {
          const windows = [...new Set(plan.run.models.map((m) => offerFor(m).completionWindow))].join(', ');
          io.stdout.write(`run ${plan.run.id}: submitted ${submitted.submittedLines} cells in ${submitted.batches.length} batch${submitted.batches.length === 1 ? '' : 'es'} (results within ${windows})\n`);
        } else if (round > 0) break;
      }
      let lastLine = '';
      const tracked = await trackBatches(plan, rows, {
        store,
        clientFor,
        offerFor,
        prices: session.config.prices,
        scheduler,
        now: () => new Date(),
        sleep,
        ...pollSettings(session.config.batch),
        signal: io.signal,
        onProgress(progress) {
          const line = formatBatchProgress(progress);
          if (line !== lastLine) io.stdout.write(`${line}\n`);
          lastLine = line;
        },
      });
      outcome = { state: tracked.state, completed: outcome.completed + tracked.completed, failed: outcome.failed + tracked.failed, cancelled: tracked.cancelled };
      if (tracked.state === 'detached' || tracked.cancelled > 0) break;
    }
    return report(session, outcome);
  } finally {
    await registry?.close();
  }
}

async function report({ plan, store, io }: BatchSession, outcome: TrackOutcome): Promise<number> {
  const id = plan.run.id;
  if (outcome.state === 'detached') {
    io.stderr.write(`stopped watching: the batches keep running at the provider. Pick them up with: refinery runs watch ${id}\n`);
    return 130;
  }
  const cells = await store.listCellMetrics(id);
  const cost = cells.reduce((sum, c) => sum + (c.costUsd ?? 0), 0);
  const failed = cells.filter((c) => c.status === 'failed').length;
  io.stdout.write(`run ${id}: ${cells.length - failed} cells answered, ${failed} failed or expired, ${formatUsd(cost)} at batch prices\n`);
  if (failed > 0) io.stdout.write(`re-run the ${failed} failed or expired cells live with: refinery run --resume ${id}\n`);
  if (outcome.cancelled > 0) io.stderr.write(`cancelled at the provider: what finished before the cancel is kept\n`);
  return outcome.cancelled > 0 ? 130 : 0;
}

/** `refinery run … --batch`, once the run is created: submit, then watch. */
export function runAsBatch(plan: RunPlan, store: Store, config: CliConfig, io: CliIO): Promise<number> {
  return submitAndTrack({ plan, store: requireBatchStore(store), config, io }, { submit: true });
}

async function withBatchRun(args: CliArgs, io: CliIO, work: (session: BatchSession) => Promise<number>): Promise<number> {
  const config = await loadCliConfig(io.cwd, args.config);
  const store = await openCliStore(args, io.env);
  try {
    const batchStore = requireBatchStore(store);
    const id = args.positional[0] ?? '';
    const plan = await planResume(store, id, { workspaceRoot: io.cwd });
    if ((await batchStore.listRunBatches(plan.run.id)).length === 0) {
      throw new UserError('store.not-found', `run ${id} was not run as a batch`, {}, `finish it live with: refinery run --resume ${id}`);
    }
    return await work({ plan, store: batchStore, config, io });
  } finally {
    await store.close();
  }
}

/** `refinery runs watch ID`: tracks the stored batches until their results are in the cells. */
export function runsWatchCommand(args: CliArgs, io: CliIO): Promise<number> {
  return withBatchRun(args, io, (session) => submitAndTrack(session, { submit: false }));
}

/** `refinery runs resume ID`: also submits cells that never made it into a batch (the process stopped mid-submit), then tracks. */
export function runsResumeCommand(args: CliArgs, io: CliIO): Promise<number> {
  return withBatchRun(args, io, (session) => submitAndTrack(session, { submit: true }));
}

/** `refinery runs cancel ID`: cancels the open batches at the provider, then folds what finished before. */
export function runsCancelCommand(args: CliArgs, io: CliIO): Promise<number> {
  return withBatchRun(args, io, async (session) => {
    const asked = await cancelBatches(session.plan, { store: session.store, clientFor: sessionDeps(session).clientFor });
    io.stdout.write(`asked the provider to cancel ${asked} batch${asked === 1 ? '' : 'es'}\n`);
    return submitAndTrack(session, { submit: false });
  });
}
