import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, DOTPROMPT_LANGUAGE_ID, RESULTS_VIEW_TYPE, RUNS_VIEW_ID } from '../contribution-ids';
import type { FeatureRegistrar } from '../registrar';

type Handler = (...args: unknown[]) => unknown;
type TreeProvider = vscode.TreeDataProvider<unknown>;

/** The one implementation of each kind the features hand over; read by the stubs. */
interface Implementations {
  codeLens?: vscode.CodeLensProvider;
  runsTree?: TreeProvider;
  serializer?: vscode.WebviewPanelSerializer;
  auth?: vscode.AuthenticationProvider;
  uri?: vscode.UriHandler;
}

/** The command ids declared in package.json (VS Code activates the extension for them). */
function declaredCommandIds(context: vscode.ExtensionContext): Set<string> {
  const manifest: unknown = context.extension.packageJSON;
  const commands = (manifest as { contributes?: { commands?: unknown } } | undefined)?.contributes?.commands;
  const ids = Array.isArray(commands) ? commands.map((c: unknown) => (c as { command?: unknown } | null)?.command) : [];
  return new Set(ids.filter((id): id is string => typeof id === 'string'));
}

/**
 * Registers, synchronously inside `activate`, a stub for everything VS Code may ask for right
 * away, and returns the registrar through which the features (loaded by `load`) fill them in.
 * A stub called before the features are there waits for `load` (which loads them once).
 */
export function registerFeatureStubs(context: vscode.ExtensionContext, load: () => Promise<void>): FeatureRegistrar {
  const handlers = new Map<string, Handler>();
  const impl: Implementations = {};
  const lensChanges = new vscode.EventEmitter<void>();
  const treeChanges = new vscode.EventEmitter<unknown>();
  const sessionChanges = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();

  async function loaded<K extends keyof Implementations>(kind: K): Promise<NonNullable<Implementations[K]>> {
    await load();
    const value = impl[kind];
    if (value === undefined) throw new Error(`Prompt Refinery: no ${kind} was registered by the features`);
    return value;
  }

  const declared = declaredCommandIds(context);
  for (const id of declared) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        await load();
        const handler = handlers.get(id);
        if (handler === undefined) throw new Error(`Prompt Refinery: command ${id} has no handler`);
        return handler(...args);
      }),
    );
  }

  const codeLensStub: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lensChanges.event,
    provideCodeLenses: async (document, token) => (await loaded('codeLens')).provideCodeLenses(document, token),
  };
  const treeStub: TreeProvider = {
    onDidChangeTreeData: treeChanges.event,
    getTreeItem: async (element) => (await loaded('runsTree')).getTreeItem(element),
    getChildren: async (element) => (await loaded('runsTree')).getChildren(element),
  };
  const authStub: vscode.AuthenticationProvider = {
    onDidChangeSessions: sessionChanges.event,
    getSessions: async (...args) => (await loaded('auth')).getSessions(...args),
    createSession: async (...args) => (await loaded('auth')).createSession(...args),
    removeSession: async (...args) => (await loaded('auth')).removeSession(...args),
  };
  context.subscriptions.push(
    lensChanges,
    treeChanges,
    sessionChanges,
    vscode.languages.registerCodeLensProvider({ language: DOTPROMPT_LANGUAGE_ID }, codeLensStub),
    vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: treeStub, showCollapseAll: true }),
    vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => (await loaded('serializer')).deserializeWebviewPanel(panel, state),
    }),
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, authStub, { supportsMultipleAccounts: false }),
    vscode.window.registerUriHandler({ handleUri: async (uri) => (await loaded('uri')).handleUri(uri) }),
  );

  /** Sets one implementation and forwards its change event to the stub's; the disposable undoes both. */
  function fill<K extends keyof Implementations>(kind: K, value: NonNullable<Implementations[K]>, relay?: vscode.Disposable): vscode.Disposable {
    impl[kind] = value;
    return {
      dispose: () => {
        relay?.dispose();
        if (impl[kind] === value) impl[kind] = undefined;
      },
    };
  }

  return {
    command(id, handler) {
      if (!declared.has(id)) return vscode.commands.registerCommand(id, handler);
      handlers.set(id, handler);
      return { dispose: () => (handlers.get(id) === handler ? handlers.delete(id) : undefined) };
    },
    codeLensProvider(provider) {
      const relay = provider.onDidChangeCodeLenses?.(() => lensChanges.fire());
      lensChanges.fire(); // lenses asked for before the features were there come again
      return fill('codeLens', provider, relay);
    },
    runsTree<T>(provider: vscode.TreeDataProvider<T>) {
      // the view's elements are only ever the ones this provider handed out
      const forward: TreeProvider = {
        getTreeItem: (element) => provider.getTreeItem(element as T),
        getChildren: (element) => provider.getChildren(element as T | undefined),
      };
      const relay = provider.onDidChangeTreeData?.((element) => treeChanges.fire(element));
      return fill('runsTree', forward, relay);
    },
    resultsSerializer: (serializer) => fill('serializer', serializer),
    authenticationProvider(provider) {
      const relay = provider.onDidChangeSessions((event) => sessionChanges.fire(event));
      return fill('auth', provider, relay);
    },
    uriHandler: (handler) => fill('uri', handler),
  };
}
