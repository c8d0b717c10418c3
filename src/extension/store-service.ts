import type * as vscode from 'vscode';
import type { Store } from '../store/types';
import type { Log } from './log';

/**
 * Opens the local store under the extension's global storage on first use, once. The store
 * code (and PGlite) is imported then, not at activation. `refinery.store: supabase` is wired in
 * a later issue: until then the local store is used and the log says so.
 */
export function createStoreService(context: vscode.ExtensionContext, log: Log): { getStore(): Promise<Store>; dispose(): Promise<void> } {
  let opening: Promise<Store> | undefined;
  const open = async (): Promise<Store> => {
    const { getSettings } = await import('./settings');
    if (getSettings().settings.store === 'supabase') log.warn('refinery.store is "supabase", which is not wired yet: using the local store');
    const started = Date.now();
    const { openLocalStore } = await import('../store/local');
    const store = await openLocalStore({ dataDir: context.globalStorageUri.fsPath });
    log.info(`local store opened in ${Date.now() - started} ms (${context.globalStorageUri.fsPath})`);
    return store;
  };
  return {
    getStore() {
      opening ??= open();
      // A failed open (e.g. the store is locked by another window) is retried on the next use.
      opening.catch(() => (opening = undefined));
      return opening;
    },
    async dispose() {
      const pending = opening;
      opening = undefined;
      if (pending) await (await pending).close();
    },
  };
}
