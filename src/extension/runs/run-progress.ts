import * as vscode from 'vscode';
import { messageText } from '../untrusted-text';

const TICK_MS = 250;

export type ProgressReporter = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * A cancellable progress notification around a whole run, preparation included (cancel → the
 * AbortSignal it hands over; the core keeps every completed cell).
 */
export function withRunNotification<T>(title: string, work: (progress: ProgressReporter, abort: AbortController) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  return Promise.resolve(
    // untrusted-text-ok: callers escape the title (messageText)
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const cancelling = token.onCancellationRequested(() => abort.abort());
      try {
        return await work(progress, abort);
      } finally {
        cancelling.dispose();
      }
    }),
  );
}

/**
 * Samples a run's progress a few times a second (never per cell) into the notification; `onTick`
 * lets the status bar follow. Returns the function that stops it.
 */
export function tickProgress(progress: ProgressReporter, read: () => { done: number; total: number }, onTick: () => void): () => void {
  let reported = 0;
  const tick = () => {
    const { done, total } = read();
    const percent = total === 0 ? 0 : (done / total) * 100;
    progress.report({ message: messageText`${done}/${total} cells`, increment: Math.max(0, percent - reported) });
    reported = Math.max(reported, percent);
    onTick();
  };
  tick();
  const timer = setInterval(tick, TICK_MS);
  return () => {
    clearInterval(timer);
    onTick();
  };
}
