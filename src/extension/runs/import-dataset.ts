import path from 'node:path';
import * as vscode from 'vscode';
import type { JsonValue } from '../../store/types';
import type { ExtensionServices } from '../services';
import { loadRunEngine } from './load-run-engine';
import { messageText } from '../untrusted-text';

/**
 * Import Dataset…: a CSV / JSON / JSONL file into the store, rows streamed in batches, with a
 * cancellable progress notification (cancelling stores nothing: the store creates a dataset
 * and its rows atomically). Resolves with the dataset id.
 */
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
  const target = file;
  const engine = await loadRunEngine();
  const source = await engine.openDataset(target.fsPath);
  const store = await services.getStore();
  const folder = vscode.workspace.getWorkspaceFolder(target);
  const filePath = folder ? path.relative(folder.uri.fsPath, target.fsPath).split(path.sep).join('/') : target.fsPath;

  const record = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: messageText`Refinery: importing ${path.basename(target.fsPath)}`, cancellable: true },
    async (progress, token) => {
      let rows = 0;
      async function* batches(): AsyncGenerator<Array<Record<string, JsonValue>>> {
        for await (const batch of source.batches(2_000)) {
          if (token.isCancellationRequested) throw new vscode.CancellationError();
          rows += batch.length;
          progress.report({ message: messageText`${rows.toLocaleString()} rows` });
          yield batch.map((row) => row.data);
        }
      }
      return store.createDataset({ name: path.basename(target.fsPath), filePath, columns: source.columns }, batches());
    },
  );
  services.log.info(`imported dataset ${record.name}: ${record.rowCount} rows, columns ${record.columns.join(', ')} (${record.id})`);
  void vscode.window.showInformationMessage(messageText`Refinery: imported ${record.rowCount.toLocaleString()} rows from ${record.name} (columns: ${record.columns.join(', ')}).`);
  return record.id;
}
