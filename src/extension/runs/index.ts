import * as vscode from 'vscode';
import { registerCommand, reportError } from '../commands';
import { registerResultsPanels } from '../results';
import type { ExtensionServices } from '../services';
import { createRunStatusBar } from '../status-bar';
import { registerDatasetFeatures } from '../datasets';
import { importDataset } from './import-dataset';
import { RunController } from './run-controller';
import { registerRunCommands } from './run-commands';
import { RunsTreeProvider } from './runs-tree';
import { announceRunEnd } from './run-end-message';

export interface RunFeatures {
  activeRunIds(): string[];
  whenIdle(): Promise<void>;
  cancelAll(): void;
  /** A run ended or was deleted: what shows the last runs reads the store again. */
  readonly onRunsChanged: vscode.Event<unknown>;
}

/** Run commands, progress, the status bar item, the Runs view and the results panels. */
export function registerRunFeatures(services: ExtensionServices): RunFeatures {
  const { context, log } = services;
  let openResults: (runId: string) => void = () => undefined;
  const controller = new RunController(services, (runId) => openResults(runId));
  const results = registerResultsPanels(services, controller);
  openResults = (runId) => void results.open(runId).catch((error: unknown) => reportError(log, 'open results', error));

  const tree = new RunsTreeProvider(() => services.getStore(), controller, (error) => reportError(log, 'Runs view', error));
  const runsChanged = new vscode.EventEmitter<unknown>();
  context.subscriptions.push(
    runsChanged,
    controller.onRunEnded((ended) => runsChanged.fire(ended)),
    controller,
    tree,
    services.registrar.runsTree(tree),
    createRunStatusBar(controller),
    controller.onRunStarted(() => tree.refresh()),
    controller.onRunEnded((ended) => {
      tree.refresh();
      announceRunEnd(services, ended);
    }),
  );

  const datasets = registerDatasetFeatures(services, controller);
  registerRunCommands({
    services,
    controller,
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

  return {
    activeRunIds: () => controller.activeRuns().map((run) => run.runId),
    whenIdle: () => controller.whenIdle(),
    cancelAll: () => controller.cancelAll(),
    onRunsChanged: runsChanged.event,
  };
}
