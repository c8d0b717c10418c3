import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { DatasetRecord } from '../../core/model';
import { registerCommand, reportError } from '../commands';
import type { ExtensionServices } from '../services';
import { messageText } from '../untrusted-text';
import { requireWorkspaceTrust } from '../workspace-trust';
import { storeDatasetFileWithProgress } from '../runs/import-dataset';
import { pickPromptFile, promptTarget } from '../runs/prompt-target';
import type { RunController } from '../runs/run-controller';
import { runStarter } from '../runs/start-run';
import { DatasetPreviews } from './dataset-preview-panel';
import { datasetTarget } from './dataset-target';
import { DatasetsTreeProvider } from './datasets-tree';

export const DATASETS_VIEW_ID = 'refinery.datasets';

export interface DatasetFeatures {
  refresh(): void;
}

/** `refinery.runPromptOnDataset`'s optional second argument (tests, other extensions): skips the picks. */
interface RunOnDatasetOptions {
  /** absolute path of the .prompt file */
  promptFile?: string;
  models?: string[];
  confirmCost?: boolean;
}

function runOptionsOf(value: unknown): RunOnDatasetOptions {
  if (value === null || typeof value !== 'object') return {};
  const { promptFile, models, confirmCost } = value as Record<string, unknown>;
  return {
    promptFile: typeof promptFile === 'string' ? promptFile : undefined,
    models: Array.isArray(models) && models.every((m) => typeof m === 'string') ? models : undefined,
    confirmCost: typeof confirmCost === 'boolean' ? confirmCost : undefined,
  };
}

/** The dataset's source file on this machine, if it is there (workspace-relative paths are tried in every folder). */
function sourceFileOf(dataset: DatasetRecord): vscode.Uri | undefined {
  const source = dataset.sourcePath;
  if (!source) return undefined;
  if (path.isAbsolute(source)) return existsSync(source) ? vscode.Uri.file(source) : undefined;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const candidate = vscode.Uri.joinPath(folder.uri, source);
    if (existsSync(candidate.fsPath)) return candidate;
  }
  return undefined;
}

function requireSourceFile(dataset: DatasetRecord): vscode.Uri {
  const file = sourceFileOf(dataset);
  if (!file) {
    throw new UserError(
      'dataset.read',
      `the source file of ${dataset.name} (${dataset.sourcePath ?? 'not recorded'}) is not in this workspace`,
      {},
      'open the folder it was imported from, or import the file again with Refinery: Import Dataset…',
    );
  }
  return file;
}

/**
 * The Datasets view (beside Runs) and its commands: Preview, Run a Prompt Against It…,
 * Re-import from File, Reveal Source File, Delete.
 */
export function registerDatasetFeatures(services: ExtensionServices, controller: RunController): DatasetFeatures {
  const { context, log } = services;
  const tree = new DatasetsTreeProvider(() => services.getStore(), (error) => reportError(log, 'Datasets view', error));
  const previews = new DatasetPreviews(services);
  context.subscriptions.push(
    tree,
    previews,
    vscode.window.createTreeView(DATASETS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    controller.onRunEnded(() => tree.refresh()),
  );

  registerCommand(services, 'refinery.refreshDatasets', () => tree.refresh());

  registerCommand(services, 'refinery.previewDataset', async (arg?: unknown) => {
    const dataset = await datasetTarget(await services.getStore(), arg, 'Preview which dataset?');
    if (!dataset) return undefined;
    await previews.open(dataset);
    return dataset.id;
  });

  const startRun = runStarter(services, controller, 'refinery.runPromptOnDataset');
  registerCommand(services, 'refinery.runPromptOnDataset', async (arg?: unknown, rawOptions?: unknown) => {
    requireWorkspaceTrust('run', log);
    const dataset = await datasetTarget(await services.getStore(), arg, 'Run a prompt against which dataset?');
    if (!dataset) return undefined;
    const options = runOptionsOf(rawOptions);
    const promptUri = options.promptFile ? await promptTarget(vscode.Uri.file(options.promptFile)) : await pickPromptFile();
    if (!promptUri) throw new UserError('cli.usage', 'no .prompt file in the workspace', {}, 'create a .prompt file first');
    return startRun({ promptPath: promptUri.fsPath, datasetId: dataset.id, models: options.models }, { openResults: true, confirmCost: options.confirmCost });
  });

  registerCommand(services, 'refinery.reimportDataset', async (arg?: unknown) => {
    const dataset = await datasetTarget(await services.getStore(), arg, 'Re-import which dataset from its file?');
    if (!dataset) return undefined;
    const { datasetId } = await storeDatasetFileWithProgress(services, requireSourceFile(dataset));
    tree.refresh();
    return datasetId;
  });

  registerCommand(services, 'refinery.revealDatasetSource', async (arg?: unknown) => {
    const dataset = await datasetTarget(await services.getStore(), arg, 'Reveal the source file of which dataset?');
    if (!dataset) return undefined;
    const file = requireSourceFile(dataset);
    if (vscode.workspace.getWorkspaceFolder(file)) await vscode.commands.executeCommand('revealInExplorer', file);
    else await vscode.commands.executeCommand('revealFileInOS', file);
    return file.fsPath;
  });

  registerCommand(services, 'refinery.deleteDataset', async (arg?: unknown) => {
    const store = await services.getStore();
    const dataset = await datasetTarget(store, arg, 'Delete which dataset?');
    if (!dataset) return undefined;
    const runs = (await store.countDatasetRuns()).get(dataset.id) ?? 0;
    const detail =
      runs === 0
        ? `Its ${dataset.rowCount.toLocaleString()} rows and its stored file are deleted. No run used it.`
        : `Its stored file and the rows no run used are deleted. ${runs} run${runs === 1 ? '' : 's'} used it: the rows their cells ran on are kept (hidden), so their results stay readable.`;
    const choice = await vscode.window.showWarningMessage(
      messageText`Delete dataset ${dataset.name} (version ${dataset.version}, ${dataset.rowCount.toLocaleString()} rows)?`,
      { modal: true, detail: messageText(detail) },
      'Delete',
    );
    if (choice !== 'Delete') return undefined;
    const done = await store.deleteDataset(dataset.id);
    log.info(`deleted dataset ${dataset.id}: ${done.rowsDeleted} rows deleted, ${done.rowsKept} kept for ${done.runCount} runs, object ${done.removedObject ?? '(none)'}`);
    tree.refresh();
    void vscode.window.showInformationMessage(
      messageText`Refinery: deleted ${dataset.name}${done.runCount > 0 ? ` (kept the ${done.rowsKept.toLocaleString()} rows its ${done.runCount} runs show)` : ''}.`,
    );
    return done;
  });

  return { refresh: () => tree.refresh() };
}
