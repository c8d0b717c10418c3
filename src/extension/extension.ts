import type * as vscode from 'vscode';
import type { RefineryApi } from './api';
import { registerAuthFeatures } from './auth';
import { registerCommand } from './commands';
import { registerKeyFeatures } from './keys';
import { registerLanguageFeatures } from './language';
import { createLog } from './log';
import { registerRunFeatures } from './runs';
import type { ExtensionServices } from './services';
import { createStoreService } from './store-service';
import { registerSyncFeatures } from './sync';

let disposeStore: (() => Promise<void>) | undefined;

/** Short on purpose: wires the feature modules; each registers its own commands. */
export function activate(context: vscode.ExtensionContext): RefineryApi {
  const log = createLog();
  const store = createStoreService(context, log);
  context.subscriptions.push(log);
  let storeOpened = false;
  const services: ExtensionServices = {
    context,
    log,
    getStore: async () => {
      const opened = await store.getStore();
      if (!storeOpened) {
        storeOpened = true;
        language.refreshRunSummaries(); // the last-run CodeLens waits for a store someone else opened
      }
      return opened;
    },
  };

  registerCommand(context, log, 'refinery.showLog', () => log.show());
  const language = registerLanguageFeatures(services);
  registerKeyFeatures(services);
  const runs = registerRunFeatures(services);
  context.subscriptions.push(runs.onRunEnded(() => language.refreshRunSummaries()));
  const account = registerAuthFeatures(services, { getLocalStore: () => store.getLocalStore() });
  store.useSupabaseStores(account.supabaseStores);
  registerSyncFeatures(services, account);
  // On deactivate, runs are cancelled and the store closes once they have saved what completed.
  disposeStore = async () => {
    runs.cancelAll();
    await runs.whenIdle();
    await store.dispose();
  };
  return { getStore: () => services.getStore(), activeRunIds: () => runs.activeRunIds(), whenIdle: () => runs.whenIdle() };
}

export async function deactivate(): Promise<void> {
  await disposeStore?.();
}
