import path from 'node:path';
import { cellIdOf } from '../../core/model/cell-id';
import * as vscode from 'vscode';
import { isUserError, UserError } from '../../core/errors';
import {
  assertNever,
  fromWebviewMessageSchema,
  type CellView,
  type FromWebviewMessage,
  type RunStatusView,
  type ToWebviewMessage,
} from '../../shared/protocol';
import { compareRuns, type CompareSide } from '../../core/compare';
import { pairwiseSummaryFromJson } from '../../core/pairwise/export';
import { isOpenRunStatus, type DatasetRowRecord, type RunRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';
import { reportError } from '../commands';
import type { RunController, RunEventEnvelope } from '../runs/run-controller';
import type { ExtensionServices } from '../services';
import { buildWebviewHtml } from '../webview-html';
import { loadCompareSide, pickBaselineRun, runLabel } from './baseline';
import { buildBaselineView } from './baseline-view';
import { buildModelComparison } from './model-comparison';
import { pickPairwiseJudge } from './pick-pairwise-judge';
import { labelText } from '../untrusted-text';
import { latestPairwiseView, pairwiseView } from './pairwise-view';
import { buildCellDetail } from './cell-detail';
import { toCellView, type AnyCell } from './cell-view';
import { exportRunResults } from './export-results';
import { splitInit } from './init-chunks';
import { loadInit } from './load-init';
import { UpdateCoalescer } from './update-coalescer';

interface ManualGrade {
  pass: boolean | null;
  score: number | null;
  note: string | null;
}

/** A cell the panel knows: from the store (with its store id) or streamed by the run (not stored yet). */
type KnownCell = AnyCell & { id?: string };

/**
 * The host side of one results panel (one run). Posts nothing before the webview says `ready`;
 * then `init`, then coalesced `cellsUpdated` and `runStatus` while the run goes. Every incoming
 * message is validated; failures go through the one `reportError`.
 */
/** A run going on elsewhere is reloaded at most this often. */
const RELOAD_MS = 1_000;

export class ResultsPanel implements vscode.Disposable {
  private state: 'waiting' | 'loading' | 'live' = 'waiting';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly coalescer = new UpdateCoalescer<CellView>((cells) => this.post({ type: 'cellsUpdated', cells }));
  /** Cells streamed while `init` is being read, replayed after it. */
  private pendingDuringLoad = new Map<string, KnownCell>();
  private cells = new Map<string, KnownCell>();
  private rows = new Map<string, DatasetRowRecord>();
  private run: RunRecord | undefined;
  private lastStatus: { status: RunStatusView; done: number; total: number } | undefined;
  /** The baseline run compared with, if any: its side is loaded once, this run's side on each refresh. */
  private baseline: { side: CompareSide; label: string } | undefined;
  /** The run ended while `init` was being read: it is read again once sent. */
  private endedWhileLoading = false;
  /** The manual grade a cell had before the last save / clear (what Undo restores). */
  private undo: { cellId: string; previous: ManualGrade } | undefined;
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly runId: string,
    private readonly services: ExtensionServices,
    private readonly controller: RunController,
  ) {
    const webviewRoot = vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
    panel.iconPath = new vscode.ThemeIcon('beaker');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      controller.onRunEvent((envelope) => this.onRunEvent(envelope)),
      controller.onRunProgress((run) => {
        if (run.runId === this.runId) this.postStatus('running', run.progress.done, run.progress.total);
      }),
      controller.onRunEnded((ended) => {
        if (ended.runId !== this.runId) return;
        // `init` is being read (it may say running): read the ended run again once it is sent
        if (this.state === 'loading') {
          this.endedWhileLoading = true;
          return;
        }
        this.coalescer.flush();
        this.postStatus(ended.status, this.cells.size, this.lastStatus?.total ?? this.cells.size);
        this.refreshBaselineSoon();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    const otherWrites = services.onStoreChanged?.(() => this.reloadIfRunningElsewhere());
    if (otherWrites) this.disposables.push(otherWrites);
    const asset = (name: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, name)).toString();
    panel.webview.html = buildWebviewHtml({
      cspSource: panel.webview.cspSource,
      title: 'Refinery Results',
      scriptUri: asset('index.js'),
      styleUris: [asset('codicon.css'), asset('index.css')],
    });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** The cells of the grid model, once the webview has been sent them. */
  cellCount(): number | undefined {
    return this.state === 'live' ? this.cells.size : undefined;
  }

  private reloadTimer: NodeJS.Timeout | undefined;
  private lastReload = 0;

  /**
   * The run goes on in another window or a CLI process: reload it from the store (at most once
   * a second) while it is running there, and once more when it ends.
   */
  private reloadIfRunningElsewhere(): void {
    if (this.controller.get(this.runId)) return;
    if (!this.run || !isOpenRunStatus(this.run.status)) return;
    this.reloadSoon();
  }

  /** Reads the run from the store again (at most once a second): a batch run's results were folded into its cells. */
  reloadSoon(): void {
    if (this.state !== 'live' || this.reloadTimer) return;
    const wait = Math.max(0, this.lastReload + RELOAD_MS - Date.now());
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      this.lastReload = Date.now();
      this.sendInit().catch((error: unknown) => reportError(this.services.log, 'results panel: reload', error));
    }, wait);
  }

  private post(message: ToWebviewMessage): void {
    // Nothing before `ready`; nothing but an error before `init`.
    if (this.state === 'waiting' || (this.state === 'loading' && message.type !== 'showError')) return;
    void this.panel.webview.postMessage(message);
  }

  private postStatus(status: RunStatusView, done: number, total: number): void {
    const last = this.lastStatus;
    if (last && last.status === status && last.done === done && last.total === total) return;
    this.lastStatus = { status, done, total };
    this.post({ type: 'runStatus', status, done, total });
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = fromWebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.services.log.warn(`results panel: ignored an invalid message: ${parsed.error.message}`);
      return;
    }
    const message = parsed.data;
    try {
      await this.handle(message);
    } catch (error) {
      reportError(this.services.log, `results panel: ${message.type}`, error);
      this.post({ type: 'showError', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async handle(message: FromWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.sendInit();
        return;
      case 'selectCell': {
        const { store, run, cell } = await this.requireCell(message.cellId);
        const detail = await buildCellDetail(run, cell, this.rows.get(cell.datasetRowId ?? ''), store);
        // untrusted-text-ok: the webview renders text
        this.post({ type: 'cellDetail', detail });
        return;
      }
      case 'setManualGrade': {
        const { grade } = message;
        await this.saveManualGrade(grade.cellId, { pass: grade.pass, score: grade.score, note: grade.note }, 'saved');
        return;
      }
      case 'clearManualGrade':
        await this.saveManualGrade(message.cellId, { pass: null, score: null, note: null }, 'cleared');
        return;
      case 'undoManualGrade': {
        const undo = this.undo;
        if (!undo || undo.cellId !== message.cellId) throw new UserError('cli.usage', 'nothing to undo for this cell', {}, 'set the grade again by hand');
        await this.saveManualGrade(undo.cellId, undo.previous, 'undone');
        return;
      }
      case 'compareWithBaseline':
        await this.compareWithBaseline(undefined);
        return;
      case 'clearBaseline':
        this.baseline = undefined;
        this.post({ type: 'baseline', baseline: null });
        this.post({ type: 'pairwise', pairwise: null });
        return;
      case 'judgePairwise':
        await this.judgePairwise();
        return;
      case 'compareModels':
        await this.compareModels();
        return;
      case 'clearModelComparison':
        this.post({ type: 'modelComparison', comparison: null });
        return;
      case 'rerunFailed':
        // the command's way: it asks for the cost, and offers to set a missing key
        await vscode.commands.executeCommand('refinery.rerunFailed', this.runId);
        return;
      case 'exportResults': {
        const { store, run } = await this.requireRun();
        await exportRunResults(store, run, message.format, this.panel.title);
        return;
      }
      case 'cancelRun':
        if (!this.controller.cancel(this.runId)) void vscode.window.showInformationMessage('Refinery: this run is not running.');
        return;
      default:
        assertNever(message);
    }
  }

  private async sendInit(): Promise<void> {
    // The webview (re)loaded: start over from the store plus whatever the run streamed.
    this.state = 'loading';
    this.coalescer.dispose();
    this.pendingDuringLoad = new Map();
    this.lastStatus = undefined;
    const store = await this.services.getStore();
    const init = await loadInit(store, this.runId, this.controller.get(this.runId));
    this.run = init.run;
    this.rows = init.rows;
    this.cells = init.cells;
    this.panel.title = init.title;
    for (const [key, cell] of this.pendingDuringLoad) this.cells.set(key, { ...this.cells.get(key), ...cell });
    this.state = 'live';
    // The first screens paint from `init`; the other cells follow in chunks, in order, before any live batch.
    const { init: firstScreens, chunks } = splitInit(init.message);
    this.post(firstScreens);
    for (const chunk of chunks) this.post(chunk);
    this.lastStatus = { status: init.message.run.status, ...init.message.progress };
    for (const [key, cell] of this.pendingDuringLoad) this.coalescer.add(key, toCellView(this.cells.get(key) ?? cell));
    this.pendingDuringLoad.clear();
    if (this.endedWhileLoading) {
      this.endedWhileLoading = false;
      await this.sendInit();
      return;
    }
    if (this.baseline) await this.refreshBaseline();
  }

  /**
   * Compares this run with a baseline run (picked from the earlier runs of the same prompt and
   * dataset when not given); the grid marks each cell and the headers show the deltas.
   * Resolves with the baseline's run id (undefined when the pick was dismissed).
   */
  async compareWithBaseline(baselineRunId: string | undefined): Promise<string | undefined> {
    const { store, run } = await this.requireRun();
    const promptName = path.basename(run.config.promptPath, '.prompt');
    const id = baselineRunId ?? (await pickBaselineRun(store, run, promptName));
    if (!id) return undefined;
    if (id === this.runId) throw new UserError('cli.usage', 'a run cannot be its own baseline', {}, 'pick an earlier run');
    const side = await loadCompareSide(store, id);
    // untrusted-text-ok: shown in the webview, which renders text
    this.baseline = { side, label: runLabel(side.run, promptName) };
    await this.refreshBaseline();
    this.post({ type: 'pairwise', pairwise: latestPairwiseView(await store.listPairwiseComparisons(this.runId), this.runId, id) });
    return id;
  }

  /** Two models of this run, paired on their rows: picked when the run has more than two. */
  private async compareModels(): Promise<void> {
    const { store, run } = await this.requireRun();
    const ids = run.models.map((m) => `${m.provider}/${m.model}`);
    if (ids.length < 2) throw new UserError('cli.usage', 'this run has one model: there is nothing to compare it with', {}, 'run the prompt on two models, or compare with a baseline run');
    let picked = ids.slice(0, 2);
    if (ids.length > 2) {
      const chosen = await vscode.window.showQuickPick(
        ids.map((id) => ({ label: labelText(id), id })),
        { title: 'Compare two models of this run (A first, then B)', canPickMany: true, placeHolder: 'pick exactly two models' },
      );
      if (!chosen) return;
      if (chosen.length !== 2) throw new UserError('cli.usage', `pick exactly two models, not ${chosen.length}`, {}, 'run Compare models… again');
      picked = chosen.map((c) => c.id);
    }
    const [modelA = '', modelB = ''] = picked;
    const side = await loadCompareSide(store, this.runId);
    // untrusted-text-ok: the webview renders text
    this.post({ type: 'modelComparison', comparison: buildModelComparison(side, modelA, modelB) });
  }

  /** A pairwise judge (picked among the workspace's `refinery.kind: pairwise` files) on this run vs its baseline. */
  private async judgePairwise(): Promise<void> {
    const baseline = this.baseline;
    if (!baseline) throw new UserError('cli.usage', 'pick a baseline run first: a pairwise judge compares this run with it', {}, 'use Compare with… in the toolbar');
    const file = await pickPairwiseJudge();
    if (!file) return;
    const current = await loadCompareSide(await this.services.getStore(), this.runId);
    const comparison = compareRuns(current, baseline.side);
    const judgeRef = vscode.workspace.asRelativePath(file, false);
    const record = await this.controller.judgePairwise({ comparison, rows: current.rows, judgeFile: file.fsPath, judgeRef });
    if (this.baseline !== baseline) return;
    const summary = pairwiseSummaryFromJson(record.summary);
    // untrusted-text-ok: the webview renders text
    if (summary) this.post({ type: 'pairwise', pairwise: pairwiseView(summary, record.graderPath, record.judge, comparison.significance.alpha) });
  }

  /** Recomputes the comparison from what the store holds now (after a run ends or a manual grade changes). */
  private async refreshBaseline(): Promise<void> {
    const baseline = this.baseline;
    if (!baseline || this.state !== 'live') return;
    const current = await loadCompareSide(await this.services.getStore(), this.runId);
    if (this.baseline !== baseline) return; // cleared or replaced meanwhile
    this.post({ type: 'baseline', baseline: buildBaselineView(current, baseline.side, baseline.label) });
  }

  private refreshBaselineSoon(): void {
    if (!this.baseline) return;
    this.refreshBaseline().catch((error: unknown) => reportError(this.services.log, 'results panel: compare with baseline', error));
  }

  private onRunEvent({ runId, event }: RunEventEnvelope): void {
    if (runId !== this.runId || event.type !== 'cell-saved') return;
    const key = cellIdOf(event.cell.runModelId, event.cell.datasetRowId);
    if (this.state === 'loading') {
      this.pendingDuringLoad.set(key, event.cell);
      return;
    }
    if (this.state !== 'live') return;
    const known = this.cells.get(key);
    // A re-run cell keeps its store id and its manual grade (the store upserts the same row).
    const merged: KnownCell = { ...event.cell, id: known?.id, manualPass: known?.manualPass, manualScore: known?.manualScore, manualNote: known?.manualNote };
    this.cells.set(key, merged);
    this.coalescer.add(key, toCellView(merged));
  }

  private async requireRun(): Promise<{ store: Store; run: RunRecord }> {
    const store = await this.services.getStore();
    const run = this.run ?? (await store.getRun(this.runId));
    if (!run) throw new UserError('store.not-found', `run ${this.runId} is no longer in the store`, {}, 'close this panel and open another run from the Runs view');
    return { store, run };
  }

  /** The cell by its id (`cellIdOf`), as loaded or streamed. */
  private async requireCell(cellId: string): Promise<{ store: Store; run: RunRecord; cell: KnownCell }> {
    const { store, run } = await this.requireRun();
    const cell = this.cells.get(cellId);
    if (!cell) throw new UserError('store.not-found', 'this cell has no result yet', {}, 'wait until the run reaches it');
    return { store, run, cell };
  }

  /** Stores a manual grade (the store records who and when) and offers to undo it, except when it is the undo. */
  private async saveManualGrade(key: string, grade: ManualGrade, action: 'saved' | 'cleared' | 'undone'): Promise<void> {
    const { store, cell } = await this.requireCell(key);
    const previous: ManualGrade = { pass: cell.manualPass ?? null, score: cell.manualScore ?? null, note: cell.manualNote ?? null };
    try {
      await store.setManualGrade(key, grade);
    } catch (error) {
      // streamed, but its batch is not written yet
      if (isUserError(error) && error.code === 'store.not-found' && !cell.id) throw new UserError('store.not-found', 'this cell is not saved yet', {}, 'try again in a moment');
      throw error;
    }
    const updated: KnownCell = { ...cell, manualPass: grade.pass, manualScore: grade.score, manualNote: grade.note };
    this.cells.set(key, updated);
    this.post({ type: 'cellsUpdated', cells: [toCellView(updated)] });
    this.undo = action === 'undone' ? undefined : { cellId: key, previous };
    this.post({ type: 'manualGradeUndo', undo: action === 'undone' ? null : { cellId: key, action } });
    this.refreshBaselineSoon();
  }

  dispose(): void {
    this.state = 'waiting';
    clearTimeout(this.reloadTimer);
    this.coalescer.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.onDisposeEmitter.fire();
    this.onDisposeEmitter.dispose();
  }
}
