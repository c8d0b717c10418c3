import { UserError } from '../errors';
import type { ProviderRegistry } from '../providers/registry';
import type { ServedModel } from '../providers/types';
import { userCacheDir } from './cache-dir';
import { readCachedModelList, writeCachedModelList } from './catalog-cache';

/** What one provider serves, and when that was read. */
export interface ProviderModels {
  providerId: string;
  baseUrl: string;
  /** ISO time the list was read from the provider. */
  fetchedAt: string;
  models: ServedModel[];
  /** Read from the cache rather than from the provider just now. */
  cached: boolean;
}

export interface ModelCatalogOptions {
  registry: Pick<ProviderRegistry, 'provider'>;
  /** Where lists are kept between processes; `null` keeps them in memory only. Default: the user's cache folder. */
  cacheDir?: string | null;
  /** How long a list is used before the provider is asked again. Default: a day. */
  maxAgeMs?: number;
  /** How long a failure to read a list is remembered (no request on every keystroke while offline). Default: 5 minutes. */
  failureMemoryMs?: number;
  now?: () => number;
}

export interface ModelCatalog {
  /**
   * What `providerId` serves: a list at most `maxAgeMs` old, else the provider's answer to
   * `GET /models` (`refresh` always asks). Throws a UserError for an unknown provider, a missing
   * key or a provider without a model list (`sim`), and the provider's error when it cannot be asked.
   */
  list(providerId: string, options?: { refresh?: boolean; signal?: AbortSignal }): Promise<ProviderModels>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Lists are shared by every caller of one catalog (one fetch at a time per provider) and cached on disk. */
export function createModelCatalog(options: ModelCatalogOptions): ModelCatalog {
  const cacheDir = options.cacheDir === undefined ? userCacheDir() : options.cacheDir;
  const maxAgeMs = options.maxAgeMs ?? DAY_MS;
  const failureMemoryMs = options.failureMemoryMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const memory = new Map<string, { at: number; list: Promise<ProviderModels> }>();

  const fresh = (fetchedAt: string): boolean => now() - Date.parse(fetchedAt) < maxAgeMs;

  const read = async (providerId: string, refresh: boolean, signal: AbortSignal | undefined): Promise<ProviderModels> => {
    const provider = options.registry.provider(providerId);
    if (!provider.listModels || provider.baseUrl === undefined) {
      throw new UserError('provider.no-model-list', `${providerId} has no model list`, {}, `${providerId}/* takes any model name; list a network provider instead (groq, cerebras or a declared endpoint)`);
    }
    const baseUrl = provider.baseUrl;
    if (!refresh && cacheDir !== null) {
      const cached = await readCachedModelList(cacheDir, providerId, baseUrl);
      if (cached && fresh(cached.fetchedAt)) return { ...cached, cached: true };
    }
    const models = await provider.listModels(signal);
    const list = { providerId, baseUrl, fetchedAt: new Date(now()).toISOString(), models };
    if (cacheDir !== null) await writeCachedModelList(cacheDir, list);
    return { ...list, cached: false };
  };

  const start = (providerId: string, refresh: boolean, signal: AbortSignal | undefined): Promise<ProviderModels> => {
    const list = read(providerId, refresh, signal);
    memory.set(providerId, { at: now(), list });
    return list;
  };

  return {
    async list(providerId, { refresh = false, signal } = {}) {
      const remembered = memory.get(providerId);
      if (!remembered || refresh) return start(providerId, refresh, signal);
      const { at, list } = remembered;
      // A list is kept while fresh, a failure only for a while; a pending read is shared.
      const keep = await list.then(
        (value) => fresh(value.fetchedAt),
        () => now() - at < failureMemoryMs,
      );
      return keep ? list : start(providerId, false, signal);
    },
  };
}
