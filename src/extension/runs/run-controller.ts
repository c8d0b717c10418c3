import path from 'node:path';
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/run';
import type { CellInput, RunStatus } from '../../store/types';
import { cellKey } from '../results/cell-view';
import type { ExtensionServices } from '../services';
import { getApiKeys } from '../keys';
import { loadRunEngine } from './load-run-engine';
import { tickProgress, withRunNotification, type ProgressReporter } from './run-progress';

export interface RunRequest {
  promptPath: string;
  /** absolute */
  datasetPath?: string;
  models?: string[];
  graders?: string[];
  judge?: string;
}

export interface RunProgress {
  done: number;
  total: number;
}

export interface ActiveRun {
  readonly runId: string;
  readonly promptName: string;
  readonly progress: RunProgress;
  /** Every cell this run has produced so far, by grid key (some may not be written to the store yet). */
  readonly cells: ReadonlyMap<string, CellInput>;
}

export interface RunEnded {
  runId: string;
  promptName: string;
  status: RunStatus;
  completed: number;
  failed: number;
}

export interface RunEventEnvelope {
  runId: string;
  event: RunEvent;
}

interface MutableRun extends ActiveRun {
  progress: RunProgress;
  cells: Map<string, CellInput>;
  abort: AbortController;
}

/**
 * Prepares, creates and executes runs with the core, the way the CLI does, and fans their
 * events out (results panels, Runs view, status bar). Cancelling keeps every completed cell.
 */
export class RunController implements vscode.Disposable {
  private readonly active = new Map<string, MutableRun>();
  private readonly events = new vscode.EventEmitter<RunEventEnvelope>();
  private readonly started = new vscode.EventEmitter<ActiveRun>();
  private readonly ended = new vscode.EventEmitter<RunEnded>();
  private readonly progressed = new vscode.EventEmitter<ActiveRun>();
  private idleWaiters: Array<() => void> = [];
  /** Runs being prepared or executed (a run is in `active` only once stored). */
  private inFlight = 0;
  /** The cancel switch of every run in flight, stored or still being prepared. */
  private readonly aborts = new Set<AbortController>();

  readonly onRunEvent = this.events.event;
  readonly onRunStarted = this.started.event;
  readonly onRunEnded = this.ended.event;
  /** Fires at most a few times a second per run. */
  readonly onRunProgress = this.progressed.event;

  constructor(
    private readonly services: ExtensionServices,
    /** Called once the run is stored, before its first call (open the results panel). */
    private readonly onCreated: (runId: string) => void,
  ) {}

  activeRuns(): ActiveRun[] {
    return [...this.active.values()];
  }

  get(runId: string): ActiveRun | undefined {
    return this.active.get(runId);
  }

  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  cancel(runId: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    this.services.log.info(`run ${runId}: cancel requested`);
    run.abort.abort();
    return true;
  }

  /** Cancels every run in flight, those still being prepared included (deactivation). */
  cancelAll(): void {
    for (const abort of this.aborts) abort.abort();
  }

  /** Runs to the end (completed, cancelled or failed) and resolves with the run id. Bad input throws a UserError before anything is stored. */
  run(request: RunRequest, options: { openResults: boolean }): Promise<string> {
    const promptName = path.basename(request.promptPath, '.prompt');
    this.inFlight++;
    return withRunNotification(`Refinery: ${promptName}`, async (progress, abort) => {
      this.aborts.add(abort);
      try {
        return await this.prepareAndExecute(request, options, progress, abort);
      } finally {
        this.aborts.delete(abort);
      }
    }).finally(() => {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async prepareAndExecute(request: RunRequest, options: { openResults: boolean }, progress: ProgressReporter, abort: AbortController): Promise<string> {
    const { log } = this.services;
    const promptUri = vscode.Uri.file(request.promptPath);
    const promptName = path.basename(request.promptPath, '.prompt');
    const { getSettings } = await import('../settings');
    const { settings, problems } = getSettings(promptUri);
    for (const problem of problems) log.warn(problem);
    if (problems.length > 0) void vscode.window.showWarningMessage(`Refinery: ignoring invalid settings — ${problems.join('; ')}`);
    const stopIfCancelled = () => {
      if (abort.signal.aborted) throw new vscode.CancellationError();
    };

    progress.report({ message: 'checking the prompt, dataset and models…' });
    const engine = await loadRunEngine();
    const workspaceRoot = vscode.workspace.getWorkspaceFolder(promptUri)?.uri.fsPath ?? path.dirname(request.promptPath);
    const prepared = await engine.prepareRun({
      promptPath: request.promptPath,
      datasetPath: request.datasetPath,
      models: request.models,
      graders: request.graders,
      judge: request.judge,
      defaultJudge: settings.judgeModel,
      cwd: workspaceRoot,
    });
    const concurrency = prepared.prompt.refinery.concurrency ?? settings.concurrency;
    const timeoutMs = prepared.prompt.refinery.timeoutMs ?? settings.requestTimeoutMs;

    const registry = engine.createProviderRegistry({
      env: process.env,
      keys: await getApiKeys(this.services),
      baseUrls: settings.baseUrls,
      endpoints: settings.endpoints,
      http: { connectionsPerOrigin: concurrency },
    });
    try {
      // Keys and providers are checked before anything is stored or called.
      for (const modelId of [...prepared.models, ...prepared.graders.map((g) => g.judge)]) {
        registry.resolve(modelId, { file: request.promptPath });
      }
      stopIfCancelled();
      progress.report({ message: 'saving the run…' });
      const store = await this.services.getStore();
      stopIfCancelled();
      const plan = await engine.createRunFromPrepared(store, prepared, { workspaceRoot, config: { concurrency, timeoutMs } });
      const runId = plan.run.id;
      const rowCount = plan.run.datasetId ? ((await store.getDataset(plan.run.datasetId))?.rowCount ?? 0) : 1;
      const run: MutableRun = { runId, promptName, progress: { done: 0, total: rowCount * plan.run.models.length }, cells: new Map(), abort };
      this.active.set(runId, run);
      log.info(`run ${runId} started: ${promptName} on ${prepared.models.join(', ')}, ${run.progress.total} cells, concurrency ${concurrency}`);
      this.started.fire(run);
      if (options.openResults) this.onCreated(runId);

      const scheduler = engine.createScheduler({ resolve: (modelId) => registry.resolve(modelId), concurrency, timeoutMs, maxAttempts: 6 });
      const prices = engine.mergePriceTables(engine.DEFAULT_PRICE_TABLE, settings.prices);
      const stopTicking = tickProgress(progress, () => run.progress, () => this.progressed.fire(run));
      let status: RunStatus = 'failed';
      let counts = { completed: 0, failed: 0 };
      try {
        const outcome = await engine.executeRun(plan, { store, scheduler, prices, signal: abort.signal, onEvent: (event) => this.onEvent(run, event) });
        status = outcome.status;
        counts = outcome;
      } finally {
        stopTicking();
        this.active.delete(runId);
        log.info(`run ${runId} ${status}: ${counts.completed} completed, ${counts.failed} failed`);
        this.ended.fire({ runId, promptName, status, ...counts });
      }
      return runId;
    } finally {
      await registry.close();
    }
  }

  private onEvent(run: MutableRun, event: RunEvent): void {
    if (event.type === 'cell-saved') run.cells.set(cellKey(event.cell.runModelId, event.cell.datasetRowId), event.cell);
    else if (event.type === 'progress') run.progress = { done: event.done, total: event.total };
    else if (event.type === 'run-started') run.progress = { done: event.alreadyDone, total: event.total };
    else if (event.type === 'retrying') this.services.log.debug(`run ${run.runId}: retrying ${event.modelId} row ${event.rowIndex ?? '-'} (attempt ${event.attempt}): ${event.reason}`);
    this.events.fire({ runId: run.runId, event });
  }

  dispose(): void {
    this.cancelAll();
    this.events.dispose();
    this.started.dispose();
    this.ended.dispose();
    this.progressed.dispose();
  }
}
