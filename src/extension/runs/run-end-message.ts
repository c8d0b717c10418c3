import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import type { RunEnded } from './run-controller';
import { expectedCells } from './expected-cells';
import { messageText } from '../untrusted-text';

/**
 * A short message when a run ends, with "Open Results", and "Re-run Failed" when cells errored (a
 * batch's failed or expired lines among them). Never awaited: the run command resolves at once.
 */
export function announceRunEnd(services: ExtensionServices, ended: RunEnded): void {
  void (async () => {
    let text: string;
    let errored = 0;
    if (ended.status === 'completed') {
      const [{ runSummaryText }, store] = await Promise.all([import('./run-summary-text'), services.getStore()]);
      const [run, cells] = await Promise.all([store.getRun(ended.runId), store.listCellMetrics(ended.runId)]);
      const expected = run ? await expectedCells(store, run) : cells.length;
      errored = cells.filter((cell) => cell.status === 'failed').length;
      text = messageText`Refinery: ${ended.promptName} finished — ${run ? runSummaryText(run, cells, { expectedCells: expected }) : 'the run is no longer in the store'}`;
    } else if (ended.status === 'cancelled') {
      text = messageText`Refinery: ${ended.promptName} cancelled — ${ended.completed + ended.failed} new cells kept; the others show as not run (Re-run failed offers to run them).`;
    } else {
      text = messageText`Refinery: ${ended.promptName} failed after ${ended.completed} cells (they are kept). See "Refinery: Show Log".`;
    }
    const actions = errored > 0 ? ['Open Results', 'Re-run Failed'] : ['Open Results'];
    const choice = await (ended.status === 'failed' ? vscode.window.showErrorMessage(text, ...actions) : vscode.window.showInformationMessage(text, ...actions));
    if (choice === 'Open Results') await vscode.commands.executeCommand('refinery.openRun', ended.runId);
    if (choice === 'Re-run Failed') await vscode.commands.executeCommand('refinery.rerunFailed', ended.runId);
  })().catch((error: unknown) => services.log.warn(`run end message: ${error instanceof Error ? error.message : String(error)}`));
}
