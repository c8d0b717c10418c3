import type { AuthError, Session, SupportedStorage } from '@supabase/supabase-js';
import { UserError } from '../../core/errors';
import type { RefinerySupabaseClient } from './supabase-client';
import type { SupabaseSettings } from './supabase-settings';

/** Who is signed in, as the rest of the extension sees it. */
export interface SignedInAccount {
  userId: string;
  email: string | undefined;
  accessToken: string;
}

export interface SupabaseAuthOptions {
  /** Throws a `UserError` when the settings are missing or wrong. */
  readSettings(): SupabaseSettings;
  storage: SupportedStorage;
  fetch?: typeof fetch;
  log: { info(message: string): void; warn(message: string): void };
}

function accountOf(session: Session | null | undefined): SignedInAccount | undefined {
  if (!session) return undefined;
  return { userId: session.user.id, email: session.user.email, accessToken: session.access_token };
}

function authFailure(what: string, error: AuthError): UserError {
  const unreachable = error.name === 'AuthRetryableFetchError' || error.status === 0;
  return new UserError(
    'supabase.auth',
    unreachable ? `${what}: cannot reach the Supabase project (${error.message})` : `${what}: ${error.message}`,
    {},
    unreachable ? 'check refinery.supabase.url and the network connection, then try again' : undefined,
  );
}

/**
 * Supabase Auth for the editor (no `vscode` import: the UI lives in `sign-in.ts`). One
 * supabase-js client per project settings; its session lives in the injected storage
 * (SecretStorage), refreshes itself and is found again after a restart.
 */
export class SupabaseAuth {
  private current: { key: string; created: Promise<{ client: RefinerySupabaseClient; unsubscribe: () => void }> } | undefined;
  private readonly listeners = new Set<(account: SignedInAccount | undefined) => void>();
  private lastUserId: string | undefined;

  constructor(private readonly options: SupabaseAuthOptions) {}

  /**
   * The client for the current settings, rebuilt when they change. supabase-js loads on the
   * first call (`import('./supabase-client')`), not at activation.
   */
  async client(): Promise<RefinerySupabaseClient> {
    const settings = this.options.readSettings();
    const key = `${settings.url}\n${settings.anonKey}`;
    if (this.current?.key !== key) {
      this.disposeClient();
      const created = this.createClient(settings);
      const current = { key, created };
      this.current = current;
      created.catch(() => {
        if (this.current === current) this.current = undefined;
      });
    }
    return (await this.current.created).client;
  }

  private async createClient(settings: SupabaseSettings): Promise<{ client: RefinerySupabaseClient; unsubscribe: () => void }> {
    const { createSupabaseClient } = await import('./supabase-client');
    const client = createSupabaseClient(settings, { storage: this.options.storage, fetch: this.options.fetch });
    const { data } = client.auth.onAuthStateChange((_event, session) => this.changed(accountOf(session)));
    void client.auth.startAutoRefresh();
    return { client, unsubscribe: () => data.subscription.unsubscribe() };
  }

  /** true when the project settings are filled in and valid */
  isConfigured(): boolean {
    try {
      this.options.readSettings();
      return true;
    } catch {
      return false;
    }
  }

  /** The stored session (refreshed if it expired), or undefined. Never throws for "not configured". */
  async account(): Promise<SignedInAccount | undefined> {
    if (!this.isConfigured()) return undefined;
    const { data, error } = await (await this.client()).auth.getSession();
    if (error) {
      this.options.log.warn(`auth: the stored session could not be restored: ${error.message}`);
      return undefined;
    }
    return accountOf(data.session);
  }

  async signInWithPassword(email: string, password: string): Promise<SignedInAccount> {
    const { data, error } = await (await this.client()).auth.signInWithPassword({ email, password });
    if (error) throw authFailure('sign in', error);
    return this.signedIn(data.session);
  }

  /** Sends the one-time code to `email` (creating the account on first use, as Supabase does). */
  async sendEmailCode(email: string): Promise<void> {
    const { error } = await (await this.client()).auth.signInWithOtp({ email });
    if (error) throw authFailure('send the sign-in code', error);
  }

  async verifyEmailCode(email: string, code: string): Promise<SignedInAccount> {
    const { data, error } = await (await this.client()).auth.verifyOtp({ email, token: code, type: 'email' });
    if (error) throw authFailure('verify the code', error);
    return this.signedIn(data.session);
  }

  /** The GitHub authorization URL (PKCE: the code verifier is kept in the storage meanwhile). */
  async gitHubSignInUrl(redirectTo: string): Promise<string> {
    const { data, error } = await (await this.client()).auth.signInWithOAuth({ provider: 'github', options: { redirectTo, skipBrowserRedirect: true } });
    if (error) throw authFailure('start the GitHub sign-in', error);
    return data.url;
  }

  async completeOAuth(code: string): Promise<SignedInAccount> {
    const { data, error } = await (await this.client()).auth.exchangeCodeForSession(code);
    if (error) throw authFailure('finish the GitHub sign-in', error);
    return this.signedIn(data.session);
  }

  /** Signs out on the server when reachable; the local session is removed in any case. */
  async signOut(): Promise<void> {
    if (!this.isConfigured()) return;
    const { error } = await (await this.client()).auth.signOut({ scope: 'local' });
    if (error) this.options.log.warn(`auth: sign out: ${error.message} (the local session was removed)`);
    this.changed(undefined);
  }

  onDidChangeAccount(listener: (account: SignedInAccount | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.disposeClient();
    this.listeners.clear();
  }

  private signedIn(session: Session | null): SignedInAccount {
    const account = accountOf(session);
    if (!account) throw new UserError('supabase.auth', 'sign in: the server answered without a session', {}, 'confirm the e-mail address first if the project requires it, then sign in again');
    this.changed(account);
    return account;
  }

  /** Tells listeners when the user changes (a token refresh is not a change of account). */
  private changed(account: SignedInAccount | undefined): void {
    if (account?.userId === this.lastUserId) return;
    this.lastUserId = account?.userId;
    this.options.log.info(account ? `auth: signed in as ${account.email ?? account.userId}` : 'auth: signed out');
    for (const listener of this.listeners) listener(account);
  }

  private disposeClient(): void {
    if (!this.current) return;
    const { created } = this.current;
    this.current = undefined;
    created.then(
      ({ client, unsubscribe }) => {
        unsubscribe();
        void client.auth.stopAutoRefresh();
      },
      () => undefined,
    );
  }
}
