import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import type { RunEnded } from './run-controller';
import { expectedCells } from './expected-cells';
import { messageText } from '../untrusted-text';

/** A short message when a run ends, with "Open Results" (never awaited: the run command resolves at once). */
export function announceRunEnd(services: ExtensionServices, ended: RunEnded): void {
  void (async () => {
    let text: string;
    if (ended.status === 'completed') {
      const [{ runSummaryText }, store] = await Promise.all([import('./run-summary-text'), services.getStore()]);
      const [run, cells] = await Promise.all([store.getRun(ended.runId), store.listCellMetrics(ended.runId)]);
      const expected = run ? await expectedCells(store, run) : cells.length;
      text = messageText`Refinery: ${ended.promptName} finished — ${run ? runSummaryText(run, cells, { expectedCells: expected }) : 'the run is no longer in the store'}`;
    } else if (ended.status === 'cancelled') {
      text = messageText`Refinery: ${ended.promptName} cancelled — ${ended.completed + ended.failed} new cells kept; the others show as not run (Re-run failed offers to run them).`;
    } else {
      text = messageText`Refinery: ${ended.promptName} failed after ${ended.completed} cells (they are kept). See "Refinery: Show Log".`;
    }
    const choice = await (ended.status === 'failed' ? vscode.window.showErrorMessage(text, 'Open Results') : vscode.window.showInformationMessage(text, 'Open Results'));
    if (choice === 'Open Results') await vscode.commands.executeCommand('refinery.openRun', ended.runId);
  })().catch((error: unknown) => services.log.warn(`run end message: ${error instanceof Error ? error.message : String(error)}`));
}
