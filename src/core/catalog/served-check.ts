import { UserError, type ErrorLocation } from '../errors';
import { parseModelId } from '../providers/model-id';
import type { ModelCatalog, ProviderModels } from './model-catalog';

export interface UnservedModel {
  modelId: string;
  providerId: string;
  /** What the provider does serve. */
  served: ProviderModels;
}

export interface ServedCheck {
  unserved: UnservedModel[];
  /** Providers whose list could not be read (offline, no `/models` route): their models were not checked. */
  unchecked: Array<{ providerId: string; reason: string }>;
}

/** Providers without a model list: any model name is accepted. */
const UNLISTED_PROVIDERS = new Set(['sim']);
const SHOWN_MODELS = 12;

/**
 * Which of `modelIds` their provider does not list today. A list read from the cache is read
 * again from the provider before a model is called missing (the model may be new since).
 */
export async function checkModelsServed(modelIds: readonly string[], catalog: ModelCatalog, signal?: AbortSignal): Promise<ServedCheck> {
  const byProvider = new Map<string, Set<string>>();
  for (const modelId of new Set(modelIds)) {
    const { providerId, model } = parseModelId(modelId);
    if (UNLISTED_PROVIDERS.has(providerId)) continue;
    const models = byProvider.get(providerId) ?? new Set<string>();
    models.add(model);
    byProvider.set(providerId, models);
  }
  const result: ServedCheck = { unserved: [], unchecked: [] };
  await Promise.all(
    [...byProvider].map(async ([providerId, models]) => {
      try {
        let served = await catalog.list(providerId, { signal });
        const missing = (list: ProviderModels): string[] => [...models].filter((model) => !list.models.some((m) => m.id === model));
        if (missing(served).length > 0 && served.cached) served = await catalog.list(providerId, { refresh: true, signal });
        for (const model of missing(served)) result.unserved.push({ modelId: `${providerId}/${model}`, providerId, served });
      } catch (error) {
        result.unchecked.push({ providerId, reason: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  result.unserved.sort((a, b) => a.modelId.localeCompare(b.modelId));
  return result;
}

/** `openai/gpt-oss-120b, openai/gpt-oss-20b, … and 3 more` */
export function servedModelNames(served: ProviderModels, limit = SHOWN_MODELS): string {
  if (served.models.length === 0) return 'none';
  const ids = served.models.map((m) => m.id);
  const shown = ids.slice(0, limit).join(', ');
  return ids.length > limit ? `${shown} … and ${ids.length - limit} more` : shown;
}

/** `groq/x is not served by groq today; current models: …` */
export function notServedMessage(unserved: UnservedModel): string {
  return `${unserved.modelId} is not served by ${unserved.providerId} today; current models: ${servedModelNames(unserved.served)}`;
}

/** The error a run stops with before its first call when a model it names is not served. */
export function notServedError(unserved: readonly UnservedModel[], location: ErrorLocation = {}): UserError {
  const providers = [...new Set(unserved.map((u) => u.providerId))];
  return new UserError(
    'provider.model-not-served',
    unserved.map(notServedMessage).join('\n'),
    location,
    `use a model its provider serves (\`refinery models --provider ${providers.join('` or `--provider ')}\` lists them with prices), or correct the id if it has a typo`,
  );
}
