import * as vscode from 'vscode';
import { RESULTS_VIEW_TYPE } from '../contribution-ids';
import type { RunController } from '../runs/run-controller';
import type { ExtensionServices } from '../services';
import type { ResultsPanel } from './results-panel';


export interface ResultsPanels {
  /** Opens the run's results, or reveals them if a panel shows them already (one panel per run). */
  open(runId: string): Promise<void>;
  /** Opens the run's results and compares them with a baseline run (picked by the user when not given); resolves with the baseline's id. */
  compareWithBaseline(runId: string, baselineRunId: string | undefined): Promise<string | undefined>;
  /** Closes the run's panel, if one is open (the run was deleted). */
  close(runId: string): void;
  /** The run's open panel reads the store again (a batch run's results were folded in). */
  reload(runId: string): void;
  /** The cells the run's open panel holds; undefined when none is open or loaded. */
  cellCount(runId: string): number | undefined;
}

/**
 * The results panels and their serializer (a panel comes back after a window reload from its
 * state `{ runId }`). The panel code and the protocol's validators load with the first panel.
 */
export function registerResultsPanels(services: ExtensionServices, controller: RunController): ResultsPanels {
  const panels = new Map<string, ResultsPanel>();

  const attach = async (panel: vscode.WebviewPanel, runId: string): Promise<ResultsPanel> => {
    const { ResultsPanel } = await import('./results-panel');
    const host = new ResultsPanel(panel, runId, services, controller);
    panels.set(runId, host);
    host.onDidDispose(() => {
      if (panels.get(runId) === host) panels.delete(runId);
    });
    return host;
  };

  services.context.subscriptions.push(
    services.registrar.resultsSerializer({
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const { webviewStateSchema } = await import('../../shared/protocol');
        const parsed = webviewStateSchema.safeParse(state);
        if (!parsed.success || panels.has(parsed.data.runId)) {
          services.log.warn('results panel: nothing to restore (no run id in its state); closing it');
          panel.dispose();
          return;
        }
        await attach(panel, parsed.data.runId);
      },
    }),
    {
      dispose: () => {
        for (const host of [...panels.values()]) host.panel.dispose();
      },
    },
  );

  const open = async (runId: string): Promise<ResultsPanel> => {
    const existing = panels.get(runId);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, 'Refinery Results', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'webview')],
    });
    return attach(panel, runId);
  };

  return {
    async open(runId) {
      await open(runId);
    },
    async compareWithBaseline(runId, baselineRunId) {
      return (await open(runId)).compareWithBaseline(baselineRunId);
    },
    close(runId) {
      panels.get(runId)?.panel.dispose();
    },
    reload(runId) {
      panels.get(runId)?.reloadSoon();
    },
    cellCount(runId) {
      return panels.get(runId)?.cellCount();
    },
  };
}
