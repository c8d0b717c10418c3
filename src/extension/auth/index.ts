import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { Store } from '../../core/ports/store';
import { registerCommand, reportError } from '../commands';
import type { ExtensionServices } from '../services';
import { SupabaseAuth, type SignedInAccount } from './auth-service';
import { RefineryAuthenticationProvider } from './authentication-provider';
import { OAuthRedirectHandler } from './oauth-redirect';
import { secretStorageAdapter } from './secret-storage-adapter';
import { SignInFlow, SignInRequest } from './sign-in';
import { readStoreMode, readSupabaseSettingsRaw, writeStoreMode, type StoreMode } from './store-mode';
import { parseSupabaseSettings } from './supabase-settings';
import { SupabaseStoreProvider, type SupabaseStoreFactory } from './supabase-store-provider';
import { offerUploadOnce, uploadLocalData } from './upload-local-data';
import { messageText } from '../untrusted-text';

export type { SignedInAccount } from './auth-service';
export type { StoreMode } from './store-mode';

/** The Supabase store over the editor's signed-in client (its session lives in SecretStorage), loaded on first use. */
const SUPABASE_STORE_FACTORY: SupabaseStoreFactory = async (client) => (await import('../../store/supabase')).supabaseStoreForClient(client);

export interface AuthFeatures {
  auth: SupabaseAuth;
  /** The store of the signed-in account (what the store service hands out in Supabase mode). */
  supabaseStores: SupabaseStoreProvider;
  mode(): StoreMode;
  onDidChangeMode(listener: (mode: StoreMode) => void): vscode.Disposable;
  onDidChangeAccount(listener: (account: SignedInAccount | undefined) => void): { dispose(): void };
}

export interface AuthDependencies {
  /** The local store, the source of "upload local data". */
  getLocalStore(): Promise<Store>;
  factory?: SupabaseStoreFactory;
}

/** Sign in / out, the Accounts-menu provider, the OAuth redirect, and the local ⇄ Supabase switch. */
export function registerAuthFeatures(services: ExtensionServices, dependencies: AuthDependencies): AuthFeatures {
  const { context, log } = services;
  const auth = new SupabaseAuth({
    readSettings: () => parseSupabaseSettings(readSupabaseSettingsRaw()),
    storage: secretStorageAdapter(context.secrets),
    log,
  });
  const supabaseStores = new SupabaseStoreProvider(auth, dependencies.factory ?? SUPABASE_STORE_FACTORY);
  const redirects = new OAuthRedirectHandler();
  const signInFlow = new SignInFlow(context, auth, redirects);
  const provider = new RefineryAuthenticationProvider(auth, signInFlow);
  const modeChanges = new vscode.EventEmitter<StoreMode>();
  context.subscriptions.push(
    services.registrar.uriHandler(redirects),
    services.registrar.authenticationProvider(provider),
    provider,
    modeChanges,
    {
      dispose: () => {
        supabaseStores.dispose();
        auth.dispose();
      },
    },
  );

  const upload = async () => uploadLocalData(await dependencies.getLocalStore(), await supabaseStores.createSupabaseStoreForSession(), log);
  const afterSignIn = async (account: SignedInAccount) => {
    if (readStoreMode() === 'supabase') await offerUploadOnce(context, account, upload);
  };

  registerCommand(services, 'refinery.signIn', async (request?: unknown) => {
    const parsed = request === undefined ? undefined : SignInRequest.parse(request);
    parseSupabaseSettings(readSupabaseSettingsRaw());
    const account = await signInFlow.run(parsed);
    if (!account) return undefined;
    void vscode.window.showInformationMessage(messageText`Refinery: signed in as ${account.email ?? account.userId}.`);
    if (!parsed) await afterSignIn(account);
    return { userId: account.userId, email: account.email };
  });
  registerCommand(services, 'refinery.signOut', async () => {
    await auth.signOut();
    return true;
  });
  registerCommand(services, 'refinery.switchStore', async (mode?: StoreMode) => {
    const chosen =
      mode ??
      (
        await vscode.window.showQuickPick(
          [
            { label: 'Local', description: 'embedded store on this machine', mode: 'local' as const },
            { label: 'Supabase', description: 'your Supabase project, shared by your team', mode: 'supabase' as const },
          ],
          { title: 'Refinery: Where are prompts, datasets and runs kept?' },
        )
      )?.mode;
    if (chosen) await writeStoreMode(chosen);
    return chosen;
  });
  registerCommand(services, 'refinery.uploadLocalData', async () => {
    if (!(await auth.account())) throw new UserError('supabase.auth', 'not signed in to Supabase', {}, 'run "Refinery: Sign In" first');
    await upload();
  });

  // Switching to Supabase: sign in if needed, then offer the upload.
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('refinery.store')) return;
      const mode = readStoreMode();
      modeChanges.fire(mode);
      if (mode === 'supabase') void switchedToSupabase().catch((error: unknown) => reportError(log, 'switch to Supabase', error));
    }),
  );
  const switchedToSupabase = async () => {
    parseSupabaseSettings(readSupabaseSettingsRaw());
    const account = await auth.account();
    if (account) return afterSignIn(account);
    const choice = await vscode.window.showInformationMessage('Refinery now keeps data in Supabase. Sign in?', 'Sign In');
    if (choice === 'Sign In') await vscode.commands.executeCommand('refinery.signIn');
  };

  return {
    auth,
    supabaseStores,
    mode: readStoreMode,
    onDidChangeMode: (listener) => modeChanges.event(listener),
    onDidChangeAccount: (listener) => auth.onDidChangeAccount(listener),
  };
}
