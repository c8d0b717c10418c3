import { createModelCatalog, type ModelCatalog, type ProviderModels } from '../core/catalog';
import { describePrice, findPrice, type PriceTable } from '../core/cost';
import { isUserError, UserError } from '../core/errors';
import { createProviderRegistry } from '../core/providers';
import type { CliArgs } from './args';
import { loadCliConfig } from './config-file';
import type { CliIO } from './run-command';

function listedAt(list: ProviderModels): string {
  const when = list.fetchedAt.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
  return `listed ${when}${list.cached ? ', cached (--refresh asks again)' : ''}`;
}

/** One provider's block: a header, then one line per served model with its price or "price unknown". */
export function formatProviderModels(list: ProviderModels, prices: PriceTable): string {
  const width = Math.max(0, ...list.models.map((m) => m.id.length));
  const lines = list.models.map((m) => `  ${m.id.padEnd(width)}  ${describePrice(findPrice(prices, `${list.providerId}/${m.id}`))}`);
  if (lines.length === 0) lines.push('  (no models listed)');
  return [`${list.providerId} — ${list.baseUrl}, ${listedAt(list)}:`, ...lines].join('\n');
}

async function listOne(catalog: ModelCatalog, providerId: string, refresh: boolean, signal: AbortSignal): Promise<ProviderModels | Error> {
  try {
    return await catalog.list(providerId, { refresh, signal });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * `refinery models [--provider P] [--refresh]`: what each configured provider (a key set, or a
 * declared endpoint) serves today, read with `GET /models` through its SDK and cached for a day.
 */
export async function modelsCommand(args: CliArgs, io: CliIO): Promise<number> {
  const config = await loadCliConfig(io.cwd, args.config);
  const registry = createProviderRegistry({ env: io.env, endpoints: config.endpoints });
  try {
    const catalog = createModelCatalog({ registry });
    const providerIds = args.provider ? [args.provider] : registry.listableProviders();
    if (providerIds.length === 0) {
      throw new UserError(
        'provider.missing-key',
        'no provider is configured, so there is no model to list',
        {},
        'export GROQ_API_KEY=… or CEREBRAS_API_KEY=…, or declare OpenAI-compatible endpoints in refinery.config.json',
      );
    }
    const lists = await Promise.all(providerIds.map((providerId) => listOne(catalog, providerId, args.refresh, io.signal)));
    let listed = 0;
    lists.forEach((list, index) => {
      if (!(list instanceof Error)) {
        listed++;
        io.stdout.write(`${formatProviderModels(list, config.prices)}\n`);
        return;
      }
      // Asked for one provider by name: a bad name or a missing key is bad input, as elsewhere.
      if (args.provider && isUserError(list)) throw list;
      io.stderr.write(`${providerIds[index] ?? ''}: could not list the models: ${list.message}${isUserError(list) && list.fix ? `\n  fix: ${list.fix}` : ''}\n`);
    });
    return listed === providerIds.length ? 0 : 1;
  } finally {
    await registry.close();
  }
}
