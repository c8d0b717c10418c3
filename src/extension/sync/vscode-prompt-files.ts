import * as vscode from 'vscode';
import { toSyncPath } from '../../core/sync/paths';
import type { PromptFiles } from './ports';

const EXCLUDE = '**/{node_modules,.git}/**';

/** The `.prompt` files of one workspace folder, through `workspace.fs` (works in remote windows too). */
export class WorkspacePromptFiles implements PromptFiles {
  constructor(readonly root: vscode.Uri) {}

  uriOf(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, ...path.split('/'));
  }

  /** The sync path of a file of this folder, or undefined for a file elsewhere. */
  pathOf(uri: vscode.Uri): string | undefined {
    const root = this.root.path.endsWith('/') ? this.root.path : `${this.root.path}/`;
    if (uri.scheme !== this.root.scheme || uri.authority !== this.root.authority || !uri.path.startsWith(root)) return undefined;
    return toSyncPath(uri.path.slice(root.length));
  }

  async list(): Promise<string[]> {
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(this.root, '**/*.prompt'), EXCLUDE);
    return uris.flatMap((uri) => this.pathOf(uri) ?? []);
  }

  async read(path: string): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.uriOf(path)));
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  }

  async write(path: string, text: string): Promise<void> {
    const uri = this.uriOf(path);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  }

  /** To the trash where there is one: a deletion the user confirmed can still be undone. */
  async remove(path: string): Promise<void> {
    await vscode.workspace.fs.delete(this.uriOf(path), { useTrash: true });
  }
}
