import * as vscode from 'vscode';
import { registerFeatureStubs } from './activation/feature-stubs';
import type { RefineryApi } from './api';
import type { Features } from './features';
import { errorText, messageText } from './untrusted-text';

let loading: Promise<Features> | undefined;
let loaded: Features | undefined;

/**
 * Kept to a few kilobytes on purpose (activation < 50 ms): registers stubs for what VS Code may
 * ask for by id, and loads the features bundle (`dist/extension.features.js`) just after
 * activation, or earlier if a stub is called first.
 */
export function activate(context: vscode.ExtensionContext): RefineryApi {
  const load = (): Promise<Features> => {
    loading ??= import('./features').then(({ activateFeatures }) => (loaded = activateFeatures(context, registrar)));
    return loading;
  };
  const registrar = registerFeatureStubs(context, async () => {
    await load();
  });
  setImmediate(() => {
    load().catch((error: unknown) => {
      console.error('Prompt Refinery: loading the features failed', error);
      void vscode.window.showErrorMessage(messageText`Prompt Refinery failed to start: ${errorText(error)}`);
    });
  });
  return {
    getStore: async () => (await load()).api.getStore(),
    activeRunIds: () => loaded?.api.activeRunIds() ?? [],
    whenIdle: async () => (await load()).api.whenIdle(),
    batchTracking: {
      trackedRunIds: () => loaded?.api.batchTracking.trackedRunIds() ?? [],
      stop: async () => (await load()).api.batchTracking.stop(),
      resume: async () => (await load()).api.batchTracking.resume(),
    },
    resultsCellCount: (runId) => loaded?.api.resultsCellCount(runId),
    sync: {
      savesSeen: () => loaded?.api.sync.savesSeen() ?? 0,
      settled: async () => (await load()).api.sync.settled(),
    },
  };
}

export async function deactivate(): Promise<void> {
  await (await loading)?.shutDown();
}
