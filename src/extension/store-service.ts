import type * as vscode from 'vscode';
import { openLocalStore } from '../store/local';
import type { Store } from '../store/types';

/** Opens the local store under the extension's global storage on first use, once. */
export function createStoreService(context: vscode.ExtensionContext): { getStore(): Promise<Store>; dispose(): Promise<void> } {
  let opening: Promise<Store> | undefined;
  return {
    getStore() {
      opening ??= openLocalStore({ dataDir: context.globalStorageUri.fsPath });
      return opening;
    },
    async dispose() {
      if (opening) await (await opening).close();
    },
  };
}
