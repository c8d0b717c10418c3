import * as vscode from 'vscode';
import type { ActiveRun } from './run-controller';

const TICK_MS = 250;

/**
 * A cancellable progress notification for a run (cancel → the run's AbortSignal). Progress is
 * sampled a few times a second, never reported per cell. `onTick` lets the status bar follow.
 */
export function reportRunProgress(
  run: ActiveRun & { abort: AbortController },
  title: string,
  onTick: () => void,
  work: () => Promise<void>,
): Promise<void> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const cancelling = token.onCancellationRequested(() => run.abort.abort());
      let reported = 0;
      const tick = () => {
        const { done, total } = run.progress;
        const percent = total === 0 ? 0 : (done / total) * 100;
        progress.report({ message: `${done}/${total} cells`, increment: Math.max(0, percent - reported) });
        reported = Math.max(reported, percent);
        onTick();
      };
      const timer = setInterval(tick, TICK_MS);
      try {
        await work();
      } finally {
        clearInterval(timer);
        cancelling.dispose();
        onTick();
      }
    }),
  );
}
