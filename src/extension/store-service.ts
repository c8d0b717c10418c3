import type * as vscode from 'vscode';
import type { Store } from '../store/types';
import type { Log } from './log';

export interface StoreService {
  /** The store of the mode in force: the signed-in account's Supabase store, or the local one. */
  getStore(): Promise<Store>;
  getLocalStore(): Promise<Store>;
  /** Set once auth is wired: gives the Supabase store of the signed-in account. */
  useSupabaseStores(stores: { createSupabaseStoreForSession(): Promise<Store> }): void;
  dispose(): Promise<void>;
}

/**
 * Opens the local store under the extension's global storage on first use, once. The store
 * code (and PGlite) is imported then, not at activation. With `refinery.store: supabase`, the
 * signed-in account's Supabase store is handed out instead.
 */
export function createStoreService(context: vscode.ExtensionContext, log: Log): StoreService {
  let opening: Promise<Store> | undefined;
  let supabaseStores: { createSupabaseStoreForSession(): Promise<Store> } | undefined;
  const open = async (): Promise<Store> => {
    const started = Date.now();
    const { openLocalStore } = await import('../store/local');
    const store = await openLocalStore({ dataDir: context.globalStorageUri.fsPath });
    log.info(`local store opened in ${Date.now() - started} ms (${context.globalStorageUri.fsPath})`);
    return store;
  };
  const getLocalStore = (): Promise<Store> => {
    opening ??= open();
    // A failed open (e.g. the store is locked by another window) is retried on the next use.
    opening.catch(() => (opening = undefined));
    return opening;
  };
  return {
    async getStore() {
      // settings (zod + the price table) load on first use, not at activation
      const { getSettings } = await import('./settings');
      if (supabaseStores && getSettings().settings.store === 'supabase') return supabaseStores.createSupabaseStoreForSession();
      return getLocalStore();
    },
    getLocalStore,
    useSupabaseStores(stores) {
      supabaseStores = stores;
    },
    async dispose() {
      const pending = opening;
      opening = undefined;
      if (pending) await (await pending).close();
    },
  };
}
