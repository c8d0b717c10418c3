import path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { labelText } from '../untrusted-text';

/**
 * The `.prompt` a run command acts on: the URI it was given (explorer / editor menus, tests),
 * else the active editor's file. Unsaved edits are saved first, so the run uses what the user sees.
 */
export async function promptTarget(uri: unknown): Promise<vscode.Uri> {
  const target = uri instanceof vscode.Uri ? uri : (activePrompt() ?? (await pickPromptFile()));
  if (!target || !target.path.endsWith('.prompt')) {
    throw new UserError('cli.usage', 'no .prompt file to run', {}, 'open a .prompt file, or right-click one in the Explorer and choose Run Against Dataset');
  }
  if (target.scheme !== 'file') {
    throw new UserError('prompt.read', `cannot run ${target.toString()}: only files on disk can run`, {}, 'save the prompt to a file in the workspace first');
  }
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === target.toString());
  if (open?.isDirty) await open.save();
  return target;
}

function activePrompt(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.path.endsWith('.prompt') ? uri : undefined;
}

/** No .prompt at hand (e.g. the Runs view's welcome button): pick one of the workspace's. */
export async function pickPromptFile(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.prompt', '**/node_modules/**', 500);
  if (files.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: labelText(vscode.workspace.asRelativePath(uri, false)), uri })),
    { title: 'Run which prompt?' },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.uri;
}

/** Workspace-relative (`/`-separated) when inside a folder, else absolute. */
export function workspacePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** A dataset given as workspace-relative or absolute, made absolute against the prompt's folder. */
export function resolveDatasetPath(dataset: string, promptUri: vscode.Uri): string {
  if (path.isAbsolute(dataset)) return dataset;
  const folder = vscode.workspace.getWorkspaceFolder(promptUri) ?? vscode.workspace.workspaceFolders?.[0];
  const base = folder?.uri ?? vscode.Uri.joinPath(promptUri, '..');
  return vscode.Uri.joinPath(base, dataset).fsPath;
}
