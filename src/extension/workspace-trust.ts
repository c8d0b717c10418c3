import * as vscode from 'vscode';
import type { Log } from './log';

/**
 * What Refinery does not do in a folder the user has not trusted (Restricted Mode), and why.
 * The manifest declares the rest (`capabilities.untrustedWorkspaces` in package.json): reading
 * stored runs and diagnostics still work, and workspace values of the Supabase settings are ignored.
 */
const REFUSED = {
  run: { what: 'run prompts', why: 'a run sends the prompt and the dataset rows to model providers' },
  sync: { what: 'sync prompts', why: 'a sync uploads the .prompt files of this folder and writes into it' },
} as const;
export type TrustedAction = keyof typeof REFUSED;

export const MANAGE_TRUST = 'Manage Workspace Trust';

/** The explanation shown when `action` is refused in Restricted Mode. */
export function restrictedModeMessage(action: TrustedAction): string {
  const { what, why } = REFUSED[action];
  return `Refinery does not ${what} in Restricted Mode: ${why}, and this folder is not trusted. Trust the folder to ${what}.`;
}

/**
 * Returns when the workspace is trusted. Otherwise tells the user why `action` is refused, with a
 * button to trust the folder, and throws a cancellation (reported quietly by `reportError`).
 */
export function requireWorkspaceTrust(action: TrustedAction, log: Log): void {
  if (vscode.workspace.isTrusted) return;
  const message = restrictedModeMessage(action);
  log.warn(message);
  // untrusted-text-ok: restrictedModeMessage joins this file's constant strings only
  void vscode.window.showWarningMessage(message, MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  throw new vscode.CancellationError();
}
