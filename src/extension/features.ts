import type * as vscode from 'vscode';
import type { RefineryApi } from './api';
import { registerAuthFeatures } from './auth';
import { registerCommand } from './commands';
import { registerKeyFeatures } from './keys';
import { registerLanguageFeatures } from './language';
import { createLog } from './log';
import type { FeatureRegistrar } from './registrar';
import { registerRunFeatures } from './runs';
import type { ExtensionServices } from './services';
import { createStoreService } from './store-service';
import { registerSyncFeatures } from './sync';

export interface Features {
  readonly api: RefineryApi;
  /** Cancels the runs, waits until they saved what completed, closes the store. */
  shutDown(): Promise<void>;
}

/**
 * Everything the extension does, loaded by `activate`'s stubs (src/extension/extension.ts) right
 * after activation or on first use. Wires the feature modules; each registers its own commands.
 */
export function activateFeatures(context: vscode.ExtensionContext, registrar: FeatureRegistrar): Features {
  const log = createLog();
  const store = createStoreService(context, log);
  context.subscriptions.push(log);
  let storeOpened = false;
  const services: ExtensionServices = {
    context,
    log,
    registrar,
    getStore: async () => {
      const opened = await store.getStore();
      if (!storeOpened) {
        storeOpened = true;
        language.refreshRunSummaries(); // the last-run CodeLens waits for a store someone else opened
      }
      return opened;
    },
    onStoreChanged: (listener) => store.onLocalStoreChanged(listener),
  };

  registerCommand(services, 'refinery.showLog', () => log.show());
  const language = registerLanguageFeatures(services);
  registerKeyFeatures(services);
  const runs = registerRunFeatures(services);
  context.subscriptions.push(runs.onRunsChanged(() => language.refreshRunSummaries()));
  const account = registerAuthFeatures(services, { getLocalStore: () => store.getLocalStore() });
  store.useSupabaseStores(account.supabaseStores);
  const sync = registerSyncFeatures(services, account);
  return {
    api: {
      getStore: () => services.getStore(),
      activeRunIds: () => runs.activeRunIds(),
      whenIdle: () => runs.whenIdle(),
      batchTracking: runs.batchTracking,
      resultsCellCount: (runId) => runs.resultsCellCount(runId),
      sync,
    },
    async shutDown() {
      runs.cancelAll();
      await Promise.all([runs.whenIdle(), runs.batchTracking.stop()]);
      await store.dispose();
    },
  };
}
