import * as vscode from 'vscode';

/** The extension's one log: a `LogOutputChannel` (levels, timestamps, "Show Log"). */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Prompt Refinery', { log: true });
}
