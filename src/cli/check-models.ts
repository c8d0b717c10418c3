import { checkModelsServed, createModelCatalog, notServedError } from '../core/catalog';
import type { ErrorLocation } from '../core/errors';
import type { ProviderRegistry } from '../core/providers';

/**
 * Before a run's first call: every model it names must be in its provider's list of served
 * models (cached for a day, read again before a model is called missing). A provider whose list
 * cannot be read is not checked, and said so on stderr.
 */
export async function refuseUnservedModels(
  modelIds: readonly string[],
  registry: ProviderRegistry,
  io: { stderr: { write(chunk: string): boolean }; signal: AbortSignal },
  location: ErrorLocation,
): Promise<void> {
  const check = await checkModelsServed(modelIds, createModelCatalog({ registry }), io.signal);
  for (const { providerId, reason } of check.unchecked) {
    io.stderr.write(`note: ${providerId}'s model list could not be read, so its models were not checked before the run (${reason})\n`);
  }
  if (check.unserved.length > 0) throw notServedError(check.unserved, location);
}
