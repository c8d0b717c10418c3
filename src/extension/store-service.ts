import type * as vscode from 'vscode';
import type { Store } from '../core/ports/store';
import type { Log } from './log';
import { hasChangeStamp, watchStoreChanges, type StoreChangeWatcher } from './store-changes';

/** How often an open local store is asked whether another process wrote to it. */
const CHANGE_POLL_MS = 400;

export interface StoreService {
  /** The store of the mode in force: the signed-in account's Supabase store, or the local one. */
  getStore(): Promise<Store>;
  getLocalStore(): Promise<Store>;
  /** Set once auth is wired: gives the Supabase store of the signed-in account. */
  useSupabaseStores(stores: { createSupabaseStoreForSession(): Promise<Store> }): void;
  /** Called when the local store (once open) was written to, by this window or another process. */
  onLocalStoreChanged(listener: () => void): { dispose(): void };
  dispose(): Promise<void>;
}

/**
 * Connects to the local store on first use: the folder every window and the CLI share
 * (`refinery.localStorePath`, else the CLI's default), served by its store host process. The
 * store code is imported then, not at activation. Runs kept by earlier versions in this
 * profile's global storage folder are copied in once. With `refinery.store: supabase`, the
 * signed-in account's Supabase store is handed out instead.
 */
export function createStoreService(context: vscode.ExtensionContext, log: Log): StoreService {
  let opening: Promise<Store> | undefined;
  let openedDir: string | undefined;
  let supabaseStores: { createSupabaseStoreForSession(): Promise<Store> } | undefined;
  let watcher: StoreChangeWatcher | undefined;
  const changeListeners = new Set<() => void>();
  const watch = (store: Store): void => {
    watcher?.dispose();
    watcher = undefined;
    if (!hasChangeStamp(store)) return;
    watcher = watchStoreChanges(store, CHANGE_POLL_MS, (error) => log.warn(`local store: ${error instanceof Error ? error.message : String(error)}`));
    watcher.onChanged(() => {
      for (const listener of [...changeListeners]) listener();
    });
  };
  const open = async (dataDir: string): Promise<Store> => {
    const started = Date.now();
    const { openLocalStore, moveOldStore } = await import('../store/local');
    const store = await openLocalStore({ dataDir });
    log.info(`local store connected in ${Date.now() - started} ms (${dataDir})`);
    try {
      const moved = await moveOldStore(context.globalStorageUri.fsPath, store);
      if (moved.kind === 'moved') log.info(`copied ${moved.runs} runs (${moved.cells} cells) from ${context.globalStorageUri.fsPath} into ${dataDir}`);
      if (moved.kind === 'busy') log.warn(`the old local store in ${context.globalStorageUri.fsPath} is open in another window; its runs are copied next time`);
    } catch (error) {
      log.error(`could not copy the runs of ${context.globalStorageUri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
    watch(store);
    return store;
  };
  const getLocalStore = async (): Promise<Store> => {
    const { getSettings } = await import('./settings');
    const { defaultLocalDataDir, expandHome } = await import('../store/local');
    const configured = getSettings().settings.localStorePath;
    const dataDir = configured === undefined ? defaultLocalDataDir() : expandHome(configured);
    if (opening && openedDir !== dataDir) {
      // refinery.localStorePath changed: leave the old folder's host to the others
      const previous = opening;
      opening = undefined;
      void previous.then((store) => store.close()).catch(() => undefined);
    }
    openedDir = dataDir;
    const current = (opening ??= open(dataDir));
    // A failed open is retried on the next use.
    current.catch(() => {
      if (opening === current) opening = undefined;
    });
    return current;
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
    onLocalStoreChanged(listener) {
      changeListeners.add(listener);
      return { dispose: () => changeListeners.delete(listener) };
    },
    async dispose() {
      watcher?.dispose();
      changeListeners.clear();
      const pending = opening;
      opening = undefined;
      if (pending) await (await pending).close();
    },
  };
}
