import path from 'node:path';
import * as vscode from 'vscode';
import { UserError, isUserError } from '../../core/errors';
import { isOpenRunStatus } from '../../core/model';
import type { BatchOffer, BatchRunConfig, BatchProgress } from '../../core/batch';
import type { RunPlan } from '../../core/run';
import type { ExtensionServices } from '../services';
import { reportError } from '../commands';
import { getApiKeys } from '../keys';
import { messageText } from '../untrusted-text';
import { requireWorkspaceTrust } from '../workspace-trust';
import { loadRunEngine } from './load-run-engine';
import { announceRunEnd } from './run-end-message';
import type { RunController, RunRequest } from './run-controller';
import type { RunEngine } from './run-engine';
import type { RefinerySettings } from '../settings-schema';
import type { PendingBatchRuns } from './pending-batch-runs';

/** A batch run this window tracks. */
export interface TrackedBatchRun {
  readonly runId: string;
  readonly promptName: string;
  /** `batch 2/3 · 61 % · est. 40 min`, or what is being done before the first poll. */
  readonly progressText: string;
}

interface Tracked extends TrackedBatchRun {
  progressText: string;
  abort: AbortController;
  plan: RunPlan;
  done: Promise<void>;
}

/**
 * Batch runs in the editor: Run as Batch (offers checked, both prices confirmed, submitted), and
 * tracking with the core's batch session until every batch is folded into the cells. Tracking
 * resumes at activation for every run of the store whose batches are not folded yet, so a run
 * outlives the window that started it; Cancel cancels the batches at the provider.
 */
export class BatchRuns implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly changed = new vscode.EventEmitter<TrackedBatchRun>();
  private readonly ended = new vscode.EventEmitter<TrackedBatchRun>();
  /** Progress or folded cells: the Runs view, the status bar and the results panel follow. */
  readonly onDidChange = this.changed.event;
  readonly onDidEnd = this.ended.event;

  constructor(
    private readonly services: ExtensionServices,
    private readonly controller: RunController,
    private readonly pending: PendingBatchRuns,
  ) {}

  /** Whether a batch run may be waiting to be tracked again (else startup leaves the store closed). */
  mayHavePending(): boolean {
    return this.pending.any();
  }

  get(runId: string): TrackedBatchRun | undefined {
    return this.tracked.get(runId);
  }

  all(): TrackedBatchRun[] {
    return [...this.tracked.values()];
  }

  /**
   * Checks that every model's provider takes batches (else a UserError naming the model and why),
   * shows the live and batch prices and the window, stores the run and submits its batches.
   * Resolves with the run id once submitted; tracking goes on in the background.
   */
  async start(request: RunRequest, options: { confirmCost?: boolean }): Promise<string | undefined> {
    requireWorkspaceTrust('run', this.services.log);
    const { engine, prepared, settings, runOptions } = await this.controller.prepare(request);
    const offers = new Map<string, BatchOffer>();
    for (const model of prepared.models) {
      try {
        for (const [id, offer] of engine.batchOffersFor([model], settings.batch, settings.endpoints)) offers.set(id, offer);
      } catch (error) {
        if (!isUserError(error)) throw error;
        throw new UserError('batch.unsupported', `${model} cannot run as a batch: ${error.message}`, { file: request.promptPath }, error.fix ?? 'use Run Against Dataset… to run it live');
      }
    }
    const config = await this.configOf(engine, settings);
    const prices = config.prices;
    if (options.confirmCost !== false) {
      const estimate = await engine.estimatePreparedRun(prepared, prices);
      const promptName = path.basename(request.promptPath, '.prompt');
      const choice = await vscode.window.showWarningMessage(
        messageText`Run ${promptName} as a batch? At most about ${engine.formatUsd(engine.batchTotalUsd(estimate, offers))} instead of ${engine.formatUsd(estimate.totalUsd)} live; results within ${engine.batchWindows(offers.values())}.`,
        { modal: true, detail: messageText(engine.formatBatchEstimate(estimate, offers)) },
        'Run as Batch',
      );
      if (choice !== 'Run as Batch') return undefined;
    }
    const store = await this.services.getStore();
    engine.requireBatchStore(store);
    const session = await engine.startRun(store, prepared, { ...runOptions, batch: true, batchDiscounts: engine.batchDiscountsOf(offers) });
    const submitted = new Promise<void>((resolve, reject) => {
      this.track(session.plan, config, { submit: true, onSubmitted: resolve, onFailed: reject });
    });
    await submitted;
    return session.plan.run.id;
  }

  /** At activation: every run of the store with batches not folded yet is tracked again. */
  async resumeAll(): Promise<string[]> {
    // Restricted Mode calls no provider; the batches wait at the provider until the folder is trusted
    if (!vscode.workspace.isTrusted) return [];
    const engine = await loadRunEngine();
    const store = await this.services.getStore();
    if (!engine.isBatchStore(store)) return [];
    const resumed: string[] = [];
    // the settings and keys are read once, for the first run that needs them
    let config: BatchRunConfig | undefined;
    for (const run of await store.listRuns({ limit: 500 })) {
      if (!isOpenRunStatus(run.status) || this.tracked.has(run.id) || this.controller.get(run.id)) continue;
      const batches = await store.listRunBatches(run.id);
      if (!batches.some((b) => b.foldedAt === null)) continue;
      config ??= await this.configOf(engine, await this.settings());
      const plan = await engine.planResume(store, run.id, { workspaceRoot: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath });
      this.services.log.info(`run ${run.id}: tracking its batches again`);
      // submit: batches recorded without an id (the window closed mid-submit) are adopted or created
      this.track(plan, config, { submit: true });
      resumed.push(run.id);
    }
    await this.pending.replace([...this.tracked.keys()]);
    return resumed;
  }

  /** Cancels the run's open batches at the provider; tracking then folds what finished before. False when this window does not track the run. */
  async cancel(runId: string): Promise<boolean> {
    const run = this.tracked.get(runId);
    if (!run) return false;
    const engine = await loadRunEngine();
    const asked = await engine.cancelRunBatches(run.plan, await this.services.getStore(), await this.configOf(engine, await this.settings()));
    this.services.log.info(`run ${runId}: asked the provider to cancel ${asked} batch${asked === 1 ? '' : 'es'}`);
    return true;
  }

  /** Stops tracking (the batches keep running at the provider); resolves once every tracker has stopped. */
  async stopTracking(): Promise<void> {
    const runs = [...this.tracked.values()];
    for (const run of runs) run.abort.abort();
    await Promise.all(runs.map((run) => run.done));
  }

  private async settings(): Promise<RefinerySettings> {
    const { getSettings } = await import('../settings');
    return getSettings(vscode.workspace.workspaceFolders?.[0]?.uri).settings;
  }

  private async configOf(engine: RunEngine, settings: RefinerySettings): Promise<BatchRunConfig> {
    return {
      settings: settings.batch,
      endpoints: settings.endpoints,
      prices: engine.mergePriceTables(engine.DEFAULT_PRICE_TABLE, settings.prices),
      env: process.env,
      keys: await getApiKeys(this.services),
      baseUrls: settings.baseUrls,
    };
  }

  private track(plan: RunPlan, config: BatchRunConfig, hooks: { submit: boolean; onSubmitted?: () => void; onFailed?: (error: unknown) => void }): void {
    const { log } = this.services;
    const runId = plan.run.id;
    const promptName = path.basename(plan.run.config.promptPath, '.prompt');
    const abort = new AbortController();
    const entry: Tracked = { runId, promptName, progressText: hooks.submit ? 'batch: submitting…' : 'batch: polling…', abort, plan, done: Promise.resolve() };
    this.tracked.set(runId, entry);
    this.changed.fire(entry);
    this.pending.add(runId).catch((error: unknown) => reportError(log, `batch run ${runId}: remembering it as pending`, error));
    const onProgress = (progress: BatchProgress, text: string) => {
      entry.progressText = text;
      log.debug(`run ${runId}: ${text} (${progress.linesDone}/${progress.linesTotal} lines)`);
      this.changed.fire(entry);
    };
    let submitted = !hooks.submit;
    const work = async () => {
      const engine = await loadRunEngine();
      const outcome = await engine.runBatchSession(plan, await this.services.getStore(), config, {
        submit: hooks.submit,
        signal: abort.signal,
        onSubmitted: (result, windows) => {
          log.info(`run ${runId}: submitted ${result.submittedLines} cells in ${result.batches.length} batches (results within ${windows})`);
          submitted = true;
          hooks.onSubmitted?.();
        },
        onProgress: (progress) => {
          if (!submitted) {
            submitted = true;
            hooks.onSubmitted?.();
          }
          onProgress(progress, engine.formatBatchProgress(progress));
        },
      });
      log.info(`run ${runId}: batch tracking ${outcome.state}: ${outcome.completed} completed, ${outcome.failed} failed, ${outcome.cancelled} cancelled batches`);
      if (outcome.state === 'finished') {
        await this.pending.remove(runId);
        // said as for a live run: the summary, and Re-run Failed (live) for failed or expired lines
        const store = await this.services.getStore();
        const [run, cells] = await Promise.all([store.getRun(runId), store.listCellMetrics(runId)]);
        const failed = cells.filter((cell) => cell.status === 'failed').length;
        if (run) announceRunEnd(this.services, { runId, promptName, status: run.status, completed: cells.length - failed, failed });
      }
    };
    entry.done = work()
      .catch((error: unknown) => {
        if (!submitted) hooks.onFailed?.(error);
        else reportError(log, `batch run ${runId}`, error);
      })
      .finally(() => {
        if (!submitted) hooks.onSubmitted?.();
        this.tracked.delete(runId);
        this.ended.fire(entry);
      });
  }

  dispose(): void {
    for (const run of this.tracked.values()) run.abort.abort();
    this.changed.dispose();
    this.ended.dispose();
  }
}
