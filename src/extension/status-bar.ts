import * as vscode from 'vscode';
import type { BatchRuns } from './runs/batch-runs';
import type { RunController } from './runs/run-controller';
import { labelText } from './untrusted-text';

/**
 * `$(sync~spin) 12/48` while a run goes, `$(cloud-upload) batch 2/3 · 61 % · est. 40 min` while a
 * batch run is tracked; click → its results. Hidden when nothing runs.
 */
export function createRunStatusBar(controller: RunController, batchRuns: BatchRuns): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('refinery.run', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Refinery Run';
  const update = () => {
    const runs = controller.activeRuns();
    const run = runs[runs.length - 1];
    const batches = batchRuns.all();
    const batch = batches[batches.length - 1];
    if (!run && batch) {
      const others = batches.length - 1 + runs.length;
      item.text = labelText`$(cloud-upload) ${batch.progressText}${others > 0 ? ` (+${others})` : ''}`;
      item.tooltip = labelText`Refinery: ${batch.promptName} runs as a batch at the provider — click to open its results`;
      item.command = { title: 'Open Results', command: 'refinery.openRun', arguments: [batch.runId] };
      item.show();
      return;
    }
    if (!run) {
      item.hide();
      return;
    }
    const more = runs.length + batches.length > 1 ? ` (+${runs.length + batches.length - 1})` : '';
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
    batchRuns.onDidChange(update),
    batchRuns.onDidEnd(update),
  );
}
