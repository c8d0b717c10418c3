import * as vscode from 'vscode';
import type { BatchTracking } from '../api';
import { registerCommand, reportError } from '../commands';
import { registerResultsPanels } from '../results';
import type { ExtensionServices } from '../services';
import { createRunStatusBar } from '../status-bar';
import { registerDatasetFeatures } from '../datasets';
import { importDataset } from './import-dataset';
import { RunController } from './run-controller';
import { BatchRuns } from './batch-runs';
import { PendingBatchRuns } from './pending-batch-runs';
import { registerRunCommands } from './run-commands';
import { RunsTreeProvider } from './runs-tree';
import { announceRunEnd } from './run-end-message';

/** The Runs and Datasets views re-read the store at most this often while other processes write to it. */
const TREE_REFRESH_MS = 1_000;

/** Runs `action` at once, then at most once per `ms` (the last call within a period runs at its end). */
function throttled(action: () => void, ms: number): () => void {
  let last = 0;
  let pending: NodeJS.Timeout | undefined;
  return () => {
    if (pending) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) {
      last = Date.now();
      action();
      return;
    }
    pending = setTimeout(() => {
      pending = undefined;
      last = Date.now();
      action();
    }, wait);
  };
}

export interface RunFeatures {
  activeRunIds(): string[];
  whenIdle(): Promise<void>;
  cancelAll(): void;
  /** A run ended or was deleted: what shows the last runs reads the store again. */
  readonly onRunsChanged: vscode.Event<unknown>;
  readonly batchTracking: BatchTracking;
  resultsCellCount(runId: string): number | undefined;
}

/** Run commands, progress, the status bar item, the Runs view and the results panels. */
export function registerRunFeatures(services: ExtensionServices): RunFeatures {
  const { context, log } = services;
  let openResults: (runId: string) => void = () => undefined;
  const controller = new RunController(services, (runId) => openResults(runId));
  const results = registerResultsPanels(services, controller);
  openResults = (runId) => void results.open(runId).catch((error: unknown) => reportError(log, 'open results', error));

  const batchRuns = new BatchRuns(services, controller, new PendingBatchRuns(context.globalState));
  const tree = new RunsTreeProvider(() => services.getStore(), controller, batchRuns, (error) => reportError(log, 'Runs view', error));
  const runsChanged = new vscode.EventEmitter<unknown>();
  context.subscriptions.push(
    runsChanged,
    controller.onRunEnded((ended) => runsChanged.fire(ended)),
    controller,
    tree,
    services.registrar.runsTree(tree),
    createRunStatusBar(controller, batchRuns),
    batchRuns,
    batchRuns.onDidChange((run) => {
      tree.refresh();
      results.reload(run.runId);
    }),
    batchRuns.onDidEnd((run) => {
      tree.refresh();
      results.reload(run.runId);
      runsChanged.fire(run.runId);
    }),
    controller.onRunStarted(() => tree.refresh()),
    controller.onRunEnded((ended) => {
      tree.refresh();
      announceRunEnd(services, ended);
    }),
  );

  const datasets = registerDatasetFeatures(services, controller);
  // Runs and datasets written by another window or the CLI appear within about a second.
  const otherWrites = services.onStoreChanged?.(
    throttled(() => {
      tree.refresh();
      datasets.refresh();
    }, TREE_REFRESH_MS),
  );
  if (otherWrites) context.subscriptions.push(otherWrites);

  registerRunCommands({
    services,
    controller,
    batchRuns,
    results,
    onDeleted: (runId) => {
      tree.refresh();
      // the Datasets view counts the runs of each dataset
      datasets.refresh();
      runsChanged.fire(runId);
    },
  });
  registerCommand(services, 'refinery.importDataset', async (uri?: unknown) => {
    const id = await importDataset(services, uri);
    datasets.refresh();
    return id;
  });
  registerCommand(services, 'refinery.refreshRuns', () => tree.refresh());

  // A batch run outlives the window that started it: its tracking resumes here (a folder with .prompt
  // files activates the extension at startup: `workspaceContains` in package.json) when one may be
  // pending, so that a window with none opens no store; and when the Runs view first lists the
  // runs (batches submitted by the CLI). Only logged: activation shows no error for a store that
  // cannot open yet (signed out of Supabase).
  const resumeBatchRuns = () =>
    batchRuns.resumeAll().catch((error: unknown) => {
      log.warn(`batch runs not resumed: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
  const resumeIfPending = () => {
    if (batchRuns.mayHavePending()) void resumeBatchRuns();
  };
  resumeIfPending();
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(resumeIfPending), tree.onDidListUntrackedBatchRun(() => void resumeBatchRuns()));

  return {
    activeRunIds: () => controller.activeRuns().map((run) => run.runId),
    whenIdle: () => controller.whenIdle(),
    cancelAll: () => controller.cancelAll(),
    onRunsChanged: runsChanged.event,
    batchTracking: {
      trackedRunIds: () => batchRuns.all().map((run) => run.runId),
      stop: () => batchRuns.stopTracking(),
      resume: () => resumeBatchRuns(),
    },
    resultsCellCount: (runId) => results.cellCount(runId),
  };
}
