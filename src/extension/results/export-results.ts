import path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';
import { loadRunEngine } from '../runs/load-run-engine';
import { messageText } from '../untrusted-text';

const FILTERS: Record<'csv' | 'json' | 'jsonl', Record<string, string[]>> = { csv: { CSV: ['csv'] }, json: { JSON: ['json'] }, jsonl: { 'JSON Lines': ['jsonl'] } };

/** Save dialog → every cell of the run, one column per metric (the core's export, as the CLI writes it). */
export async function exportRunResults(store: Store, run: RunRecord, format: 'csv' | 'json' | 'jsonl', title: string): Promise<void> {
  const name = `${path.basename(run.config.promptPath, '.prompt')}-${run.id.slice(0, 8)}.${format}`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: `Export ${title}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: FILTERS[format],
  });
  if (!target) return;
  const count = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: messageText`Refinery: exporting to ${path.basename(target.fsPath)}` },
    async () => {
      const engine = await loadRunEngine();
      const [cells, rows, requests] = await Promise.all([
        store.listCells(run.id),
        run.datasetId ? store.getDatasetRows(run.datasetId) : Promise.resolve([]),
        store.listCellRequests(run.id),
      ]);
      await engine.writeExport(target.fsPath, engine.exportRows(run, cells, rows, requests));
      return cells.length;
    },
  );
  void vscode.window.showInformationMessage(messageText`Refinery: exported ${count} cells to ${vscode.workspace.asRelativePath(target, false)}.`, 'Open File').then((choice) => {
    if (choice === 'Open File') void vscode.window.showTextDocument(target);
  });
}
