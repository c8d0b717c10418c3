import * as vscode from 'vscode';

export const REMOTE_SCHEME = 'refinery-remote';

/** Read-only documents holding the store's version of a prompt, for the conflict diff. */
export class RemoteContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;

  show(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REMOTE_SCHEME, path: `/${path}` });
    this.texts.set(uri.path, text);
    this.changes.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  dispose(): void {
    this.changes.dispose();
  }
}
