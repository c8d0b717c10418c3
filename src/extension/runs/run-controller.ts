import path from 'node:path';
import { cellIdOf } from '../../core/model/cell-id';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { ModelUse } from '../../core/providers/missing-keys';
import { RunNeedsKeys } from './run-needs-keys';
import type { RerunChoice } from './rerun-question';
import type { PreparedRun, RunEvent } from '../../core/run';
import type { PairwiseComparisonRecord, RunStatus } from '../../core/model';
import type { RefinerySettings } from '../settings-schema';
import type { ExtensionServices } from '../services';
import { getApiKeys } from '../keys';
import { requireWorkspaceTrust } from '../workspace-trust';
import { loadRunEngine } from './load-run-engine';
import { editorRunOptions } from './run-options';
import type { RunEngine } from './run-engine';
import { tickProgress, withRunNotification, type ProgressReporter } from './run-progress';
import { messageText } from '../untrusted-text';
import type { ActiveRun, ExecuteJob, MutableRun, PairwiseRequest, PreparedRequest, RunEnded, RunEventEnvelope, RunOptions, RunRequest } from './run-controller-types';

export type { ActiveRun, PairwiseRequest, PreparedRequest, RunEnded, RunEventEnvelope, RunOptions, RunProgress, RunRequest } from './run-controller-types';

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
  run(request: RunRequest, options: RunOptions): Promise<string> {
    requireWorkspaceTrust('run', this.services.log);
    const promptName = path.basename(request.promptPath, '.prompt');
    return this.track(promptName, (progress, abort) => this.prepareAndExecute(request, options, progress, abort));
  }

  /**
   * Runs again the cells of a stored run that errored, failed or are ungraded, with the prompt and
   * grader texts the run kept (asking first, see `resumeFailed`); its panel fills in live.
   */
  rerunFailed(runId: string, options: { openResults: boolean }): Promise<string> {
    requireWorkspaceTrust('run', this.services.log);
    if (this.active.has(runId)) throw new UserError('cli.usage', 'this run is still going', {}, 'wait until it ends, or cancel it first');
    return this.track('re-run failed cells', (progress, abort) => this.resumeFailed(runId, options, progress, abort));
  }

  /**
   * Judges every pair of a comparison in both orders with a pairwise judge: estimated first (and
   * confirmed above `refinery.confirmCostAboveUsd`), run through a scheduler with a cancellable
   * notification, stored with the run pair. Resolves with the stored record.
   */
  judgePairwise(request: PairwiseRequest): Promise<PairwiseComparisonRecord> {
    return this.track('pairwise judge', (progress, abort) => this.runPairwise(request, progress, abort));
  }

  private async runPairwise(request: PairwiseRequest, progress: ProgressReporter, abort: AbortController): Promise<PairwiseComparisonRecord> {
    const engine = await loadRunEngine();
    const settings = await this.readSettings(vscode.Uri.file(request.judgeFile));
    const columns = Object.keys(request.rows[0]?.data ?? {});
    const judge = await engine.preparePairwiseJudge({ file: request.judgeFile, cwd: path.dirname(request.judgeFile), columns, defaultJudge: settings.judgeModel });
    judge.ref = request.judgeRef;
    const pairs = engine.pairsFromComparison(request.comparison, request.rows);
    if (pairs.length === 0) throw new UserError('cli.usage', 'no row has an output in both runs: nothing to judge pairwise', {}, 'compare with a baseline whose cells completed');
    const prices = engine.mergePriceTables(engine.DEFAULT_PRICE_TABLE, settings.prices);
    const estimate = await engine.estimatePairwise(pairs, judge, prices);
    const asked = engine.costConfirmation(
      { models: [], graders: [{ grader: request.judgeRef, ...estimate }], totalUsd: estimate.costUsd ?? 0, unpriced: estimate.costUsd === null ? [estimate.modelId] : [], method: 'tokenizer' },
      settings.confirmCostAboveUsd,
    );
    if (asked) {
      const choice = await vscode.window.showWarningMessage(messageText(asked.message), { modal: true, detail: messageText(asked.detail) }, 'Run');
      if (choice !== 'Run') throw new vscode.CancellationError();
    }
    const registry = await this.providers(engine, settings, settings.concurrency, engine.modelUses([], [{ ref: request.judgeRef, judge: judge.judge }]), request.judgeFile);
    try {
      const scheduler = engine.runScheduler((modelId) => registry.resolve(modelId), { concurrency: settings.concurrency, timeoutMs: settings.requestTimeoutMs });
      progress.report({ message: messageText`${pairs.length} pairs, both orders…` });
      const judgments = await engine.judgePairs(pairs, judge, {
        scheduler,
        prices,
        signal: abort.signal,
        onProgress: (done, total) => progress.report({ message: messageText`${done}/${total} pairs`, increment: 100 / total }),
      });
      if (abort.signal.aborted) throw new vscode.CancellationError();
      const summary = engine.summarizePairwise(judgments);
      const store = await this.services.getStore();
      const { comparison } = request;
      return await store.savePairwiseComparison({
        runId: comparison.runId,
        baselineRunId: comparison.baselineId,
        // untrusted-text-ok: stored with the judgment, not shown here
        label: comparison.title,
        graderPath: request.judgeRef,
        graderText: judge.compiled.prompt.source,
        judge: judge.judge,
        summary: engine.pairwiseSummaryJson(summary, comparison.significance.alpha),
        pairs: engine.pairwiseExportRows(judgments, comparison.title),
        costUsd: summary.costKnown ? summary.costUsd : null,
      });
    } finally {
      await registry.close();
    }
  }

  private track<T>(title: string, work: (progress: ProgressReporter, abort: AbortController) => Promise<T>): Promise<T> {
    this.inFlight++;
    return withRunNotification(messageText`Refinery: ${title}`, async (progress, abort) => {
      this.aborts.add(abort);
      try {
        return await work(progress, abort);
      } finally {
        this.aborts.delete(abort);
      }
    }).finally(() => {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async readSettings(scope: vscode.Uri | undefined): Promise<RefinerySettings> {
    const { getSettings } = await import('../settings');
    const { settings, problems } = getSettings(scope);
    for (const problem of problems) this.services.log.warn(problem);
    if (problems.length > 0) void vscode.window.showWarningMessage(messageText`Refinery: ignoring invalid settings — ${problems.join('; ')}`);
    return settings;
  }

  /**
   * Keys, providers and the models each provider serves today are checked before anything is
   * stored or called. Every missing key is reported at once (`RunNeedsKeys`), the graders'
   * judges named as such.
   */
  private async providers(engine: RunEngine, settings: RefinerySettings, concurrency: number, uses: ModelUse[], file: string | undefined) {
    const registry = engine.createProviderRegistry({
      env: process.env,
      keys: await getApiKeys(this.services),
      baseUrls: settings.baseUrls,
      endpoints: settings.endpoints,
      http: { connectionsPerOrigin: concurrency },
    });
    try {
      const missing = engine.findMissingKeys(registry, uses, file ? { file } : {});
      if (missing.length > 0) throw new RunNeedsKeys(missing, uses, engine.missingKeysError(missing, file ? { file } : {}));
      const modelIds = uses.map((use) => use.modelId);
      const check = await engine.checkModelsServed(modelIds, engine.createModelCatalog({ registry }));
      for (const { providerId, reason } of check.unchecked) this.services.log.info(`${providerId}'s model list could not be read, so its models were not checked before the run: ${reason}`);
      if (check.unserved.length > 0) throw engine.notServedError(check.unserved, file ? { file } : {});
    } catch (error) {
      await registry.close();
      throw error;
    }
    return registry;
  }

  /** The estimate, and a modal confirmation when it is above `refinery.confirmCostAboveUsd`; declining cancels quietly. */
  private async confirmCost(engine: RunEngine, prepared: PreparedRun, settings: RefinerySettings): Promise<void> {
    const prices = engine.mergePriceTables(engine.DEFAULT_PRICE_TABLE, settings.prices);
    const estimate = await engine.estimatePreparedRun(prepared, prices);
    this.services.log.info(`estimated cost: at most about $${estimate.totalUsd} (${estimate.models.map((m) => `${m.modelId}: ${m.calls} calls`).join(', ')})`);
    const asked = engine.costConfirmation(estimate, settings.confirmCostAboveUsd);
    if (!asked) return;
    const choice = await vscode.window.showWarningMessage(messageText(asked.message), { modal: true, detail: messageText(asked.detail) }, 'Run');
    if (choice !== 'Run') throw new vscode.CancellationError();
  }

  /** The prompt, dataset, models and graders of a request, checked; nothing is stored or called yet. */
  async prepare(request: RunRequest): Promise<PreparedRequest> {
    const promptUri = vscode.Uri.file(request.promptPath);
    const settings = await this.readSettings(promptUri);
    const engine = await loadRunEngine();
    const workspaceRoot = vscode.workspace.getWorkspaceFolder(promptUri)?.uri.fsPath ?? path.dirname(request.promptPath);
    const datasetSource = request.datasetId ? await this.storedDataset(engine, request.datasetId) : undefined;
    const prepared = await engine.prepareRun({
      promptPath: request.promptPath,
      datasetPath: request.datasetPath,
      datasetSource,
      models: request.models,
      graders: request.graders,
      // the refinery.judgeModel setting judges every grader, as the CLI's --judge does
      judge: request.judge ?? settings.judgeModel,
      cwd: workspaceRoot,
    });
    return { engine, prepared, settings, runOptions: editorRunOptions(settings, workspaceRoot) };
  }

  private async prepareAndExecute(request: RunRequest, options: RunOptions, progress: ProgressReporter, abort: AbortController): Promise<string> {
    const promptName = path.basename(request.promptPath, '.prompt');
    const stopIfCancelled = () => {
      if (abort.signal.aborted) throw new vscode.CancellationError();
    };
    progress.report({ message: 'checking the prompt, dataset and models…' });
    const { engine, prepared, settings, runOptions } = await this.prepare(request);
    const { concurrency } = engine.newRunLimits(prepared, runOptions);
    const registry = await this.providers(engine, settings, concurrency, engine.modelUses(prepared.models, prepared.graders), request.promptPath);
    try {
      if (options.confirmCost !== false) await this.confirmCost(engine, prepared, settings);
      stopIfCancelled();
      progress.report({ message: 'saving the run…' });
      const store = await this.services.getStore();
      stopIfCancelled();
      const session = await engine.startRun(store, prepared, runOptions);
      return await this.execute({ engine, store, session, registry, settings, promptName, openResults: options.openResults, progress, abort });
    } finally {
      await registry.close();
    }
  }

  private async storedDataset(engine: RunEngine, datasetId: string) {
    const store = await this.services.getStore();
    const dataset = await store.getDataset(datasetId);
    if (!dataset) throw new UserError('store.not-found', `dataset ${datasetId} is no longer in the store`, {}, 'pick another one in the Datasets view');
    return engine.storedDatasetSource(store, dataset);
  }

  /**
   * Re-run failed: the cells that errored, failed or are ungraded. Cells that never ran are run
   * only when the user says so (then there is always a question, with the cost of each answer);
   * otherwise the cost is confirmed as for a new run, above `refinery.confirmCostAboveUsd`.
   */
  private async resumeFailed(runId: string, options: { openResults: boolean }, progress: ProgressReporter, abort: AbortController): Promise<string> {
    progress.report({ message: 'reading the run…' });
    const engine = await loadRunEngine();
    const store = await this.services.getStore();
    const settings = await this.readSettings(undefined);
    // the run's paths are relative to the workspace folder it ran in
    const session = await engine.resumeRun(store, runId, editorRunOptions(settings, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath));
    const { plan } = session;
    const promptName = path.basename(plan.run.config.promptPath, '.prompt');
    const [rows, metrics] = await Promise.all([plan.run.datasetId ? store.getDatasetRows(plan.run.datasetId) : Promise.resolve([]), store.listCellMetrics(runId)]);
    const scope = engine.rerunScope(plan, rows, metrics);
    if (scope.again.length === 0 && scope.notRun.length === 0) {
      void vscode.window.showInformationMessage(messageText`Refinery: nothing to re-run in ${promptName}: no cell errored, failed or is ungraded.`);
      return runId;
    }
    const modelsOf = (cells: ReadonlyArray<{ runModelId: string }>) => plan.run.models.filter((m) => cells.some((c) => c.runModelId === m.id)).map(engine.modelIdOf);
    const registry = await this.providers(engine, settings, session.limits.concurrency, engine.modelUses(modelsOf([...scope.again, ...scope.notRun]), plan.graders), undefined);
    try {
      progress.report({ message: 'estimating the cost…' });
      const prices = engine.mergePriceTables(engine.DEFAULT_PRICE_TABLE, settings.prices);
      const [again, notRun] = await Promise.all([engine.estimateCells(plan, rows, scope.again, prices), engine.estimateCells(plan, rows, scope.notRun, prices)]);
      const question = engine.rerunQuestion(promptName, scope, again, notRun, settings.confirmCostAboveUsd);
      this.services.log.info(`re-run of ${runId}: ${scope.again.length} cells again (at most about $${again.totalUsd}), ${scope.notRun.length} never ran (about $${notRun.totalUsd} more)`);
      let choice: RerunChoice;
      if (question.kind === 'nothing') {
        void vscode.window.showInformationMessage(messageText(question.message));
        return runId;
      } else if (question.kind === 'run') {
        choice = question.choice;
      } else {
        const labels = question.answers.map((answer) => answer.label);
        const picked = await vscode.window.showWarningMessage(messageText(question.message), { modal: true, detail: messageText(question.detail) }, ...labels);
        const answer = question.answers.find((a) => a.label === picked);
        if (!answer) throw new vscode.CancellationError();
        choice = answer.choice;
      }
      if (abort.signal.aborted) throw new vscode.CancellationError();
      return await this.execute({
        engine,
        store,
        session,
        registry,
        settings,
        promptName,
        openResults: options.openResults,
        progress,
        abort,
        rerunFailedGrades: true,
        onlyStoredCells: choice === 'again',
      });
    } finally {
      await registry.close();
    }
  }

  private async execute(job: ExecuteJob): Promise<string> {
    const { engine, store, session, registry, settings, promptName, progress, abort } = job;
    const { plan } = session;
    const { log } = this.services;
    const runId = plan.run.id;
    const rowCount = plan.run.datasetId ? ((await store.getDataset(plan.run.datasetId))?.rowCount ?? 0) : 1;
    const run: MutableRun = { runId, promptName, progress: { done: 0, total: rowCount * plan.run.models.length }, cells: new Map(), abort };
    this.active.set(runId, run);
    log.info(`run ${runId} ${job.rerunFailedGrades ? 're-running failed cells' : 'started'}: ${promptName} on ${plan.run.models.map(engine.modelIdOf).join(', ')}, ${run.progress.total} cells, concurrency ${session.limits.concurrency}`);
    this.started.fire(run);
    if (job.openResults) this.onCreated(runId);

    const prices = engine.mergePriceTables(engine.DEFAULT_PRICE_TABLE, settings.prices);
    const stopTicking = tickProgress(progress, () => run.progress, () => this.progressed.fire(run));
    let status: RunStatus = 'failed';
    let counts = { completed: 0, failed: 0 };
    try {
      const outcome = await engine.executeSession(session, {
        store,
        resolve: (modelId) => registry.resolve(modelId),
        prices,
        signal: abort.signal,
        onEvent: (event) => this.onEvent(run, event),
        rerunFailedGrades: job.rerunFailedGrades,
        onlyStoredCells: job.onlyStoredCells,
      });
      status = outcome.status;
      counts = outcome;
    } finally {
      stopTicking();
      this.active.delete(runId);
      log.info(`run ${runId} ${status}: ${counts.completed} completed, ${counts.failed} failed`);
      this.ended.fire({ runId, promptName, status, ...counts });
    }
    return runId;
  }

  private onEvent(run: MutableRun, event: RunEvent): void {
    if (event.type === 'cell-saved') run.cells.set(cellIdOf(event.cell.runModelId, event.cell.datasetRowId), event.cell);
    else if (event.type === 'progress') run.progress = { done: event.done, total: event.total };
    else if (event.type === 'run-started') run.progress = { done: event.alreadyDone, total: event.total };
    else if (event.type === 'model-stopped') this.modelStopped(run, event.modelId, event.message);
    else if (event.type === 'retrying') this.services.log.debug(`run ${run.runId}: retrying ${event.modelId} row ${event.rowIndex ?? '-'} (attempt ${event.attempt}): ${event.reason}`);
    this.events.fire({ runId: run.runId, event });
  }

  /** The provider's own words go to the log only; the notification says what happened and what to do. */
  private modelStopped(run: MutableRun, modelId: string, message: string): void {
    this.services.log.warn(`run ${run.runId}: ${message}`);
    const text = messageText`Refinery: ${modelId} is not served by its provider (retired or unknown), so its remaining cells were stopped; the other models go on. Pick a current model (Run Against Dataset… lists what each provider serves) and run again.`;
    void vscode.window.showWarningMessage(text, 'Show Log').then((choice) => {
      if (choice) void vscode.commands.executeCommand('refinery.showLog');
    });
  }

  dispose(): void {
    this.cancelAll();
    this.events.dispose();
    this.started.dispose();
    this.ended.dispose();
    this.progressed.dispose();
  }
}
