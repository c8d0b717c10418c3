import * as vscode from 'vscode';
import { formatUserError, isUserError } from '../core/errors';
import type { Log } from './log';
import type { ExtensionServices } from './services';
import { messageText, shortened } from './untrusted-text';

/** True for the errors that mean "the user cancelled": never reported as failures. */
export function isCancellation(error: unknown): boolean {
  return (
    error instanceof vscode.CancellationError ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'Canceled'))
  );
}

/**
 * Reports an error from a command or a webview message the same way everywhere: cancellation
 * is silent, a `UserError` is shown as it is (it already says what to do), anything else is
 * logged with its stack and shown as one short message that points at the log.
 */
export function reportError(log: Log, what: string, error: unknown): void {
  if (isCancellation(error)) {
    log.info(`${what}: cancelled`);
    return;
  }
  if (isUserError(error)) {
    log.warn(`${what}: ${formatUserError(error)}`);
    // the message may quote a file, a column or a server's answer: shortened, and never a link
    void vscode.window.showErrorMessage(error.fix ? messageText`${shortened(error.message)} — ${error.fix}` : messageText(shortened(error.message)));
    return;
  }
  log.error(`${what} failed`, error instanceof Error ? (error.stack ?? error.message) : String(error));
  void vscode.window.showErrorMessage(messageText`Refinery: ${what} failed. See "Refinery: Show Log" for details.`, 'Show Log').then(
    (choice) => {
      if (choice === 'Show Log') log.show();
    },
  );
}

/**
 * Registers a command through the one error-handling wrapper. The handler's result is
 * returned to the caller (tests call commands with arguments and read what they return).
 */
export function registerCommand<Args extends unknown[], Result>(
  services: Pick<ExtensionServices, 'context' | 'log' | 'registrar'>,
  id: string,
  handler: (...args: Args) => Promise<Result> | Result,
): void {
  const { context, log, registrar } = services;
  context.subscriptions.push(
    registrar.command(id, async (...args: unknown[]) => {
      try {
        return await handler(...(args as Args));
      } catch (error) {
        reportError(log, id, error);
        return undefined;
      }
    }),
  );
}
