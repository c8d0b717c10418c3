import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { frontmatterLines } from './frontmatter-location';
import { RunSummaryCache } from './run-summaries';
import { labelText } from '../untrusted-text';

/** Commands the runs side implements; the lenses only reference them. */
export const RUN_PROMPT_COMMAND = 'refinery.runPrompt';
export const RUN_AGAINST_DATASET_COMMAND = 'refinery.runAgainstDataset';
export const OPEN_RUN_COMMAND = 'refinery.openRun';

/**
 * `▶ Run | ▶ Run against dataset | last run: …` above the frontmatter (line 0). Cheap to
 * provide: the last-run summary comes from a cache that loads off the typing path.
 */
class PromptCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  readonly summaries: RunSummaryCache;

  constructor(services: ExtensionServices) {
    this.summaries = new RunSummaryCache(
      () => services.getStore(),
      () => this.changed.fire(),
      (error) => services.log.warn(`last-run summary unavailable: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const fences = frontmatterLines(document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 200), 0)));
    const range = new vscode.Range(0, 0, fences?.close ?? 0, 0);
    const lenses = [
      new vscode.CodeLens(range, { title: '▶ Run', command: RUN_PROMPT_COMMAND, arguments: [document.uri], tooltip: 'Run this prompt on its models' }),
      new vscode.CodeLens(range, {
        title: '▶ Run against dataset',
        command: RUN_AGAINST_DATASET_COMMAND,
        arguments: [document.uri],
        tooltip: 'Choose a dataset and models, then run',
      }),
    ];
    if (document.uri.scheme === 'file') {
      const summary = this.summaries.get(vscode.workspace.asRelativePath(document.uri, false));
      if (summary) {
        lenses.push(new vscode.CodeLens(range, { title: labelText(summary.text), command: OPEN_RUN_COMMAND, arguments: [summary.runId], tooltip: 'Open the results of this run' }));
      }
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerCodeLens(services: ExtensionServices): { refreshRunSummaries(): void } {
  const provider = new PromptCodeLensProvider(services);
  services.context.subscriptions.push(provider, services.registrar.codeLensProvider(provider));
  return { refreshRunSummaries: () => provider.summaries.refresh() };
}
