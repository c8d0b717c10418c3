/**
 * `refinery run --batch`, `refinery runs watch|resume|cancel ID`: the CLI's words around the core's
 * batch session (`core/batch/batch-session`). Ctrl-C while watching only stops watching (the
 * batches keep running at the provider, and `refinery runs watch ID` picks them up again, here or
 * on another machine); `refinery runs cancel ID` cancels them at the provider.
 */
import { batchOffersFor as offersFor, cancelRunBatches, formatBatchProgress, requireBatchStore, runBatchSession, type BatchOffer, type BatchRunConfig, type TrackOutcome } from '../core/batch';
import { UserError } from '../core/errors';
import { planResume, type RunPlan } from '../core/run';
import { formatUsd } from '../core/stats';
import type { Store } from '../core/ports/store';
import type { CliArgs } from './args';
import type { CliConfig } from './config-file';
import { loadCliConfig } from './config-file';
import { openCliStore } from './open-store';
import type { CliIO } from './run-command';

/** Every model's offer, checked before anything is created: a model without one refuses the run. */
export function batchOffersFor(models: readonly string[], config: Pick<CliConfig, 'batch' | 'endpoints'>): Map<string, BatchOffer> {
  return offersFor(models, config.batch, config.endpoints);
}

interface BatchSession {
  plan: RunPlan;
  store: Store;
  config: CliConfig;
  io: CliIO;
}

function runConfig({ config, io }: BatchSession): BatchRunConfig {
  return { settings: config.batch, endpoints: config.endpoints, prices: config.prices, env: io.env };
}

async function submitAndTrack(session: BatchSession, options: { submit: boolean }): Promise<number> {
  const { plan, store, io } = session;
  let lastLine = '';
  const outcome = await runBatchSession(plan, store, runConfig(session), {
    submit: options.submit,
    signal: io.signal,
    onSubmitted(submitted, windows) {
      const count = submitted.batches.length;
      io.stdout.write(`run ${plan.run.id}: submitted ${submitted.submittedLines} cells in ${count} batch${count === 1 ? '' : 'es'} (results within ${windows})\n`);
    },
    onProgress(progress) {
      const line = formatBatchProgress(progress);
      if (line !== lastLine) io.stdout.write(`${line}\n`);
      lastLine = line;
    },
  });
  return report(session, outcome);
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
  requireBatchStore(store);
  return submitAndTrack({ plan, store, config, io }, { submit: true });
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
    return await work({ plan, store, config, io });
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
    const asked = await cancelRunBatches(session.plan, session.store, runConfig(session));
    io.stdout.write(`asked the provider to cancel ${asked} batch${asked === 1 ? '' : 'es'}\n`);
    return submitAndTrack(session, { submit: false });
  });
}
