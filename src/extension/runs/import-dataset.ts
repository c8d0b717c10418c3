import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { loadRunEngine } from './load-run-engine';
import { messageText } from '../untrusted-text';

/** Workspace-relative (`/`-separated) when the file is in a workspace folder, else absolute. */
export function datasetSourcePath(file: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  return folder ? path.relative(folder.uri.fsPath, file.fsPath).split(path.sep).join('/') : file.fsPath;
}

/**
 * Stores a dataset file with a cancellable progress notification (cancelling stores nothing: the
 * store creates a dataset and its rows atomically). A file whose bytes are stored already is
 * not stored twice; a changed file from the same path becomes a new version. Says which.
 */
export async function storeDatasetFileWithProgress(services: ExtensionServices, file: vscode.Uri): Promise<{ datasetId: string; reused: boolean }> {
  const engine = await loadRunEngine();
  const source = await engine.openDataset(file.fsPath);
  const store = await services.getStore();
  const { dataset, reused } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: messageText`Refinery: importing ${path.basename(file.fsPath)}`, cancellable: true },
    async (progress, token) => {
      let rows = 0;
      return engine.storeDatasetFile(store, source, {
        sourcePath: datasetSourcePath(file),
        onBatch: (batch) => {
          if (token.isCancellationRequested) throw new vscode.CancellationError();
          rows += batch.length;
          progress.report({ message: messageText`${rows.toLocaleString()} rows` });
        },
      });
    },
  );
  services.log.info(`${reused ? 'already stored' : 'imported'} dataset ${dataset.name} v${dataset.version}: ${dataset.rowCount} rows, columns ${dataset.columns.join(', ')} (${dataset.id})`);
  const message = reused
    ? messageText`Refinery: ${dataset.name} is stored already with the same content, nothing imported (${dataset.rowCount.toLocaleString()} rows, version ${dataset.version}; columns: ${dataset.columns.join(', ')}).`
    : messageText`Refinery: imported ${dataset.rowCount.toLocaleString()} rows from ${dataset.name} as version ${dataset.version} (columns: ${dataset.columns.join(', ')}).`;
  void vscode.window.showInformationMessage(message);
  return { datasetId: dataset.id, reused };
}

/** Import Dataset…: a CSV / JSON / JSONL file into the store. Resolves with the dataset id. */
export async function importDataset(services: ExtensionServices, uri: unknown): Promise<string | undefined> {
  let file = uri instanceof vscode.Uri ? uri : undefined;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      title: 'Import Dataset',
      canSelectMany: false,
      openLabel: 'Import',
      filters: { Datasets: ['csv', 'json', 'jsonl', 'ndjson'] },
    });
    file = picked?.[0];
  }
  if (!file) return undefined;
  return (await storeDatasetFileWithProgress(services, file)).datasetId;
}
