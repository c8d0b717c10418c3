import * as vscode from 'vscode';
import { UserError } from '../../core/errors';

export const AUTH_CALLBACK_PATH = '/auth-callback';
const WAIT_MS = 5 * 60_000;

/**
 * The extension's URI handler (`vscode://<publisher>.<name>/auth-callback?code=…`): where the
 * GitHub sign-in comes back. One sign-in waits at a time; a newer one replaces it.
 */
export class OAuthRedirectHandler implements vscode.UriHandler {
  private waiting: { resolve(code: string): void; reject(error: Error): void } | undefined;

  /** The redirect URL to give Supabase, made reachable from the browser (remote and web setups too). */
  async redirectUrl(context: vscode.ExtensionContext): Promise<string> {
    const uri = vscode.Uri.parse(`${vscode.env.uriScheme}://${context.extension.id}${AUTH_CALLBACK_PATH}`);
    return (await vscode.env.asExternalUri(uri)).toString(true);
  }

  /** Resolves with the authorization code of the next redirect; rejects on error, timeout or cancel. */
  waitForCode(token: vscode.CancellationToken): Promise<string> {
    this.waiting?.reject(new vscode.CancellationError());
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(new UserError('supabase.auth', 'the GitHub sign-in did not come back within 5 minutes', {}, 'run "Refinery: Sign In" again'))), WAIT_MS);
      const cancel = token.onCancellationRequested(() => finish(() => reject(new vscode.CancellationError())));
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        cancel.dispose();
        this.waiting = undefined;
        settle();
      };
      this.waiting = { resolve: (code) => finish(() => resolve(code)), reject: (error) => finish(() => reject(error)) };
    });
  }

  handleUri(uri: vscode.Uri): void {
    if (uri.path !== AUTH_CALLBACK_PATH) return;
    const query = new URLSearchParams(uri.query);
    const code = query.get('code');
    if (!this.waiting) return;
    if (code) this.waiting.resolve(code);
    else this.waiting.reject(new UserError('supabase.auth', `GitHub sign-in failed: ${query.get('error_description') ?? query.get('error') ?? 'no code in the redirect'}`, {}, 'check that the redirect URL is allowed in the Supabase project (Authentication → URL Configuration)'));
  }
}
