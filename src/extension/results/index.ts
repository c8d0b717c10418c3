import * as vscode from 'vscode';
import { webviewStateSchema } from '../../shared/protocol';
import type { RunController } from '../runs/run-controller';
import type { ExtensionServices } from '../services';
import { RESULTS_VIEW_TYPE, ResultsPanel } from './results-panel';

export interface ResultsPanels {
  /** Opens the run's results, or reveals them if a panel shows them already (one panel per run). */
  open(runId: string): void;
}

/** The results panels and their serializer (a panel comes back after a window reload from its state `{ runId }`). */
export function registerResultsPanels(services: ExtensionServices, controller: RunController): ResultsPanels {
  const panels = new Map<string, ResultsPanel>();

  const attach = (panel: vscode.WebviewPanel, runId: string): ResultsPanel => {
    const host = new ResultsPanel(panel, runId, services, controller);
    panels.set(runId, host);
    host.onDidDispose(() => {
      if (panels.get(runId) === host) panels.delete(runId);
    });
    return host;
  };

  services.context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const parsed = webviewStateSchema.safeParse(state);
        if (!parsed.success || panels.has(parsed.data.runId)) {
          services.log.warn('results panel: nothing to restore (no run id in its state); closing it');
          panel.dispose();
          return Promise.resolve();
        }
        attach(panel, parsed.data.runId);
        return Promise.resolve();
      },
    }),
    {
      dispose: () => {
        for (const host of [...panels.values()]) host.panel.dispose();
      },
    },
  );

  return {
    open(runId) {
      const existing = panels.get(runId);
      if (existing) {
        existing.reveal();
        return;
      }
      const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, 'Refinery Results', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'webview')],
      });
      attach(panel, runId);
    },
  };
}
