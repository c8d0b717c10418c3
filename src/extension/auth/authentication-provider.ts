import * as vscode from 'vscode';
import type { SignedInAccount, SupabaseAuth } from './auth-service';
import type { SignInFlow } from './sign-in';


function toSession(account: SignedInAccount): vscode.AuthenticationSession {
  // untrusted-text-ok: the Accounts menu shows the label as text
  return { id: account.userId, accessToken: account.accessToken, account: { id: account.userId, label: account.email ?? account.userId }, scopes: [] };
}

/** Shows the Supabase account in VS Code's Accounts menu (sign in and out from there too). */
export class RefineryAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changes.event;
  private known: vscode.AuthenticationSession | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly auth: SupabaseAuth,
    private readonly signIn: SignInFlow,
  ) {
    this.subscription = auth.onDidChangeAccount((account) => this.announce(account));
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const account = await this.auth.account();
    this.known = account ? toSession(account) : undefined;
    return this.known ? [this.known] : [];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const account = await this.signIn.run();
    if (!account) throw new vscode.CancellationError();
    return toSession(account);
  }

  async removeSession(): Promise<void> {
    await this.auth.signOut();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changes.dispose();
  }

  private announce(account: SignedInAccount | undefined): void {
    const previous = this.known;
    this.known = account ? toSession(account) : undefined;
    this.changes.fire({ added: this.known ? [this.known] : [], removed: previous ? [previous] : [], changed: [] });
  }
}
