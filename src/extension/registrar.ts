import type * as vscode from 'vscode';

/**
 * How the features, loaded after activation, register with VS Code. `activate` has already
 * registered thin stubs for everything VS Code asks for by id (commands, the Runs view, the
 * results serializer, the authentication provider, the URI handler, the CodeLens provider);
 * these calls hand the stubs the real implementation. Each returns a disposable that unhooks it.
 */
export interface FeatureRegistrar {
  /** A command declared in package.json is served by its stub; any other id is registered as is. */
  command(id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable;
  codeLensProvider(provider: vscode.CodeLensProvider): vscode.Disposable;
  runsTree<T>(provider: vscode.TreeDataProvider<T>): vscode.Disposable;
  resultsSerializer(serializer: vscode.WebviewPanelSerializer): vscode.Disposable;
  authenticationProvider(provider: vscode.AuthenticationProvider): vscode.Disposable;
  uriHandler(handler: vscode.UriHandler): vscode.Disposable;
}
