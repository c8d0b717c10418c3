import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { AccountStatus } from '../account-status';
import type { AuthFeatures, SignedInAccount } from '../auth';
import { registerCommand } from '../commands';
import type { ExtensionServices } from '../services';
import { requireWorkspaceTrust } from '../workspace-trust';
import type { PromptSyncEngine, SyncReport } from './engine';
import type { SyncTrigger } from './ports';
import { REMOTE_SCHEME, RemoteContentProvider } from './remote-content-provider';
import { SyncState } from './sync-state';
import { WorkspacePromptFiles } from './vscode-prompt-files';
import { VsCodeSyncPrompter } from './vscode-prompter';

const FOCUS_THROTTLE_MS = 60_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Prompt sync in the editor: push on save, pull on sign-in, on window focus (throttled) and on
 * `refinery.syncPrompts`. Active in Supabase mode while signed in, on the first workspace
 * folder; one engine per account (its bases and queue are the account's own).
 */
/** What tests watch of the sync: a save they made was seen, and the work it started has ended. */
export interface SyncActivity {
  /** How many saves of a `.prompt` file the sync has seen (synced or not: signed out, Restricted Mode). */
  savesSeen(): number;
  /** Resolves once no sync started so far is still going. */
  settled(): Promise<void>;
}

export function registerSyncFeatures(services: ExtensionServices, authFeatures: AuthFeatures): SyncActivity {
  const { context, log } = services;
  const status = new AccountStatus();
  const remote = new RemoteContentProvider();
  context.subscriptions.push(status, remote, vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, remote));

  const folder = vscode.workspace.workspaceFolders?.[0];
  const files = folder ? new WorkspacePromptFiles(folder.uri) : undefined;
  let account: SignedInAccount | undefined;
  let engine: PromptSyncEngine | undefined;
  let engineLoading: Promise<void> = Promise.resolve();
  let toResolve = 0;
  let lastFocusSync = 0;
  let started = false;
  let savesSeen = 0;
  const inFlight = new Set<Promise<unknown>>();

  const refresh = () => status.update({ mode: authFeatures.mode(), account, sync: engine?.status(), toResolve });
  const useAccount = (next: SignedInAccount | undefined) => {
    if (next?.userId === account?.userId && (engine || !files)) return;
    engine?.dispose();
    engine = undefined;
    account = next;
    toResolve = 0;
    if (next && files) {
      // The engine (and the core it needs) loads on first use, not at activation; a sync waits for it.
      engineLoading = import('./engine').then(({ PromptSyncEngine }) => {
        if (account !== next) return; // another account took over meanwhile
        const current = new PromptSyncEngine({
          files,
          getStore: () => authFeatures.supabaseStores.createSupabaseStoreForSession(),
          state: new SyncState(context.workspaceState, next.userId),
          prompter: new VsCodeSyncPrompter(files, remote),
          log,
        });
        current.onDidChangeStatus(() => refresh());
        engine = current;
        refresh();
      });
    }
    refresh();
  };
  context.subscriptions.push({ dispose: () => engine?.dispose() });

  const run = (work: (engine: PromptSyncEngine) => Promise<SyncReport>): Promise<SyncReport | undefined> => {
    const running = runNow(work);
    inFlight.add(running);
    const forget = () => inFlight.delete(running);
    running.then(forget, forget);
    return running;
  };
  const runNow = async (work: (engine: PromptSyncEngine) => Promise<SyncReport>): Promise<SyncReport | undefined> => {
    await engineLoading;
    // Restricted Mode: no sync at all (the command says why; save, focus and sign-in stay quiet)
    if (!engine || authFeatures.mode() !== 'supabase' || !vscode.workspace.isTrusted) return undefined;
    const report = await work(engine);
    toResolve = report.unresolved.length;
    const changed = [...report.pushed, ...report.pulled, ...report.keptBoth, ...report.deletedFiles, ...report.deletedRows];
    if (changed.length > 0 || report.queued.length > 0) {
      log.info(
        `sync: pushed ${report.pushed.length}, pulled ${report.pulled.length}, kept both ${report.keptBoth.length}, deleted ${report.deletedFiles.length + report.deletedRows.length}, queued ${report.queued.length}, to resolve ${toResolve}`,
      );
    }
    refresh();
    return report;
  };
  const syncAll = (trigger: SyncTrigger) =>
    run(async (current) => {
      await current.flushQueue();
      return current.syncAll(trigger);
    });
  // Background syncs never open dialogs (see VsCodeSyncPrompter): what needs the user waits in the status bar.
  const background = (trigger: SyncTrigger) => void syncAll(trigger).catch((error: unknown) => log.warn(`sync (${trigger}): ${messageOf(error)}`));

  registerCommand(services, 'refinery.syncPrompts', async () => {
    requireWorkspaceTrust('sync', log);
    if (!files) throw new UserError('supabase.settings', 'prompt sync needs an open folder', {}, 'open the folder that holds your .prompt files');
    if (authFeatures.mode() !== 'supabase') throw new UserError('supabase.settings', 'prompt sync works with the Supabase store', {}, 'run "Refinery: Switch Store" and choose Supabase');
    if (!account) throw new UserError('supabase.auth', 'not signed in to Supabase', {}, 'run "Refinery: Sign In"');
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Syncing prompts' }, () => syncAll('command'));
  });

  context.subscriptions.push(
    vscode.workspace.onDidSaveTextDocument((document) => {
      const path = files?.pathOf(document.uri);
      if (!path?.endsWith('.prompt')) return;
      savesSeen++;
      void run((current) => current.syncPaths([path], 'save')).catch((error: unknown) => log.warn(`sync (save): ${messageOf(error)}`));
    }),
    vscode.window.onDidChangeWindowState((state) => {
      if (!state.focused || Date.now() - lastFocusSync < FOCUS_THROTTLE_MS) return;
      lastFocusSync = Date.now();
      background('focus');
    }),
    authFeatures.onDidChangeAccount((next) => {
      useAccount(next);
      // A session restored at startup is not a sign-in: the first pull below runs in the background.
      if (next && started) void syncAll('sign-in').catch((error: unknown) => log.warn(`sync (sign-in): ${messageOf(error)}`));
    }),
    authFeatures.onDidChangeMode(() => {
      refresh();
      background('focus');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => background('focus')),
  );

  // A session stored by an earlier window: signed in from the start, then a first pull.
  refresh();
  void authFeatures.auth
    .account()
    .then((stored) => {
      if (!account) useAccount(stored);
      background('focus');
    })
    .catch((error: unknown) => log.warn(`auth: ${messageOf(error)}`))
    .finally(() => {
      started = true;
    });

  return {
    savesSeen: () => savesSeen,
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
