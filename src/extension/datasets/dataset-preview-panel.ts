import * as vscode from 'vscode';
import { fromPreviewMessageSchema, type ToPreviewMessage } from '../../shared/dataset-preview-protocol';
import type { DatasetRecord } from '../../core/model';
import { reportError } from '../commands';
import type { ExtensionServices } from '../services';
import { errorText } from '../untrusted-text';
import { buildWebviewHtml } from '../webview-html';
import { buildPreviewMessage, PREVIEW_ROWS } from './preview-message';

export const DATASET_PREVIEW_VIEW_TYPE = 'refinery.datasetPreview';

/**
 * The read-only preview of a stored dataset: its metadata and first 100 rows in the results
 * grid's components (same webview build, same CSP). One panel per dataset, revealed again when
 * asked twice. Resolves with the panel once the preview is posted (tests wait on it).
 */
export class DatasetPreviews implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly services: ExtensionServices) {}

  async open(dataset: DatasetRecord): Promise<vscode.WebviewPanel> {
    const open = this.panels.get(dataset.id);
    if (open) {
      open.reveal();
      return open;
    }
    const webviewRoot = vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview');
    // The title is plain text in the workbench.
    const panel = vscode.window.createWebviewPanel(DATASET_PREVIEW_VIEW_TYPE, `Dataset: ${dataset.name}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [webviewRoot],
    });
    panel.iconPath = new vscode.ThemeIcon('table');
    this.panels.set(dataset.id, panel);
    panel.onDidDispose(() => this.panels.delete(dataset.id));

    const message = this.load(dataset);
    const ready = new Promise<void>((resolve) => {
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        if (!fromPreviewMessageSchema.safeParse(raw).success) return;
        void message.then((m) => panel.webview.postMessage(m)).then(() => resolve());
      });
    });
    const asset = (name: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, name)).toString();
    panel.webview.html = buildWebviewHtml({
      cspSource: panel.webview.cspSource,
      title: 'Refinery Dataset Preview',
      scriptUri: asset('dataset-preview.js'),
      styleUris: [asset('codicon.css'), asset('index.css'), asset('dataset-preview.css')],
    });
    await ready;
    return panel;
  }

  private async load(dataset: DatasetRecord): Promise<ToPreviewMessage> {
    try {
      const store = await this.services.getStore();
      const [rows, runCounts] = await Promise.all([store.getDatasetRows(dataset.id, { limit: PREVIEW_ROWS }), store.countDatasetRuns()]);
      return buildPreviewMessage(dataset, runCounts.get(dataset.id) ?? 0, rows);
    } catch (error) {
      reportError(this.services.log, 'preview the dataset', error);
      // the webview shows it as text
      return { type: 'showError', message: errorText(error) };
    }
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}
