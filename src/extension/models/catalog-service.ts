import * as vscode from 'vscode';
import type { ModelCatalog, ProviderModels } from '../../core/catalog/model-catalog';
import type { ProviderRegistry } from '../../core/providers/registry';
import { getApiKeys, secretName } from '../keys';
import { loadRunEngine } from '../runs/load-run-engine';
import type { ExtensionServices } from '../services';

/** One provider's list, or why it could not be read. */
export interface ProviderListing {
  providerId: string;
  list?: ProviderModels;
  problem?: string;
}

/**
 * What each provider serves, read with the user's keys (SecretStorage, then the environment) and
 * cached for a day in the user's cache folder, shared with the CLI. Used by the diagnostics and
 * the model picker; read again when a key or a `refinery.*` setting changes.
 */
export interface CatalogService {
  /** What `providerId` serves, when it can be listed now (a key is set and it answered); never throws. */
  served(providerId: string): Promise<ProviderModels | undefined>;
  /** Every provider that can be listed now (a key set, or a declared endpoint), with its list or why not. */
  listAll(): Promise<ProviderListing[]>;
  /** Fires when keys or settings changed: lists read before may be another account's or endpoint's. */
  readonly onDidChange: vscode.Event<void>;
}

interface CatalogState {
  registry: ProviderRegistry;
  catalog: ModelCatalog;
}

const services = new WeakMap<vscode.ExtensionContext, CatalogService>();
/** The built-in providers' key variables: without a key anywhere, nothing is loaded to find that out. */
const BUILT_IN_KEY_ENV: Readonly<Record<string, string>> = { groq: 'GROQ_API_KEY', cerebras: 'CEREBRAS_API_KEY' };

/** The window's one catalog service (created on first use, disposed with the extension). */
export function getCatalogService(extension: Pick<ExtensionServices, 'context' | 'log'>): CatalogService {
  let service = services.get(extension.context);
  if (!service) {
    service = createCatalogService(extension);
    services.set(extension.context, service);
  }
  return service;
}

function createCatalogService({ context, log }: Pick<ExtensionServices, 'context' | 'log'>): CatalogService {
  const changed = new vscode.EventEmitter<void>();
  let current: Promise<CatalogState> | undefined;

  const state = (): Promise<CatalogState> =>
    (current ??= (async () => {
      const [engine, { getSettings }, keys] = await Promise.all([loadRunEngine(), import('../settings'), getApiKeys({ context })]);
      const { settings } = getSettings();
      const registry = engine.createProviderRegistry({ env: process.env, keys, baseUrls: settings.baseUrls, endpoints: settings.endpoints });
      return { registry, catalog: engine.createModelCatalog({ registry }) };
    })());

  const invalidate = (): void => {
    const old = current;
    current = undefined;
    void old?.then(({ registry }) => registry.close()).catch(() => undefined);
    changed.fire();
  };

  context.subscriptions.push(
    changed,
    context.secrets.onDidChange(invalidate),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('refinery.endpoints') || event.affectsConfiguration('refinery.providers')) invalidate();
    }),
    { dispose: () => void current?.then(({ registry }) => registry.close()).catch(() => undefined) },
  );

  const read = async (providerId: string): Promise<ProviderListing> => {
    try {
      const { catalog } = await state();
      return { providerId, list: await catalog.list(providerId) };
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      log.debug(`model list of ${providerId} not read: ${problem}`);
      return { providerId, problem };
    }
  };

  const mayList = async (providerId: string): Promise<boolean> => {
    if (providerId === 'sim') return false;
    const envName = BUILT_IN_KEY_ENV[providerId];
    if (envName === undefined) return true; // a declared endpoint: the registry knows
    return Boolean(process.env[envName]?.trim()) || Boolean(await context.secrets.get(secretName(providerId)));
  };

  return {
    async served(providerId) {
      try {
        if (!(await mayList(providerId))) return undefined;
        const { registry } = await state();
        if (!registry.listableProviders().includes(providerId)) return undefined;
        return (await read(providerId)).list;
      } catch (error) {
        log.debug(`model list of ${providerId} not read: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    },
    async listAll() {
      const { registry } = await state();
      return Promise.all(registry.listableProviders().map(read));
    },
    onDidChange: changed.event,
  };
}
