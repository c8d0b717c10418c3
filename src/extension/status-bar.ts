import * as vscode from 'vscode';
import type { RunController } from './runs/run-controller';
import { labelText } from './untrusted-text';

/** `$(sync~spin) 12/48` while a run goes; click → its results. Hidden when nothing runs. */
export function createRunStatusBar(controller: RunController): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('refinery.run', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Refinery Run';
  const update = () => {
    const runs = controller.activeRuns();
    const run = runs[runs.length - 1];
    if (!run) {
      item.hide();
      return;
    }
    const more = runs.length > 1 ? ` (+${runs.length - 1})` : '';
    item.text = labelText`$(sync~spin) ${run.progress.done}/${run.progress.total}${more}`;
    item.tooltip = `Refinery: running ${run.promptName} — click to open its results`;
    item.command = { title: 'Open Results', command: 'refinery.openRun', arguments: [run.runId] };
    item.show();
  };
  return vscode.Disposable.from(
    item,
    controller.onRunStarted(update),
    controller.onRunProgress(update),
    controller.onRunEnded(update),
  );
}
