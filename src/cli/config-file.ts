import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../core/errors';
import { DEFAULT_PRICE_TABLE, mergePriceTables, priceTableSchema, type PriceTable } from '../core/cost';
import { openAICompatibleEndpointSchema, type OpenAICompatibleEndpoint } from '../core/providers';
import { batchSettingsSchema, type BatchSettings } from '../core/batch/batch-offers';

const configSchema = z.object({
  endpoints: z.array(openAICompatibleEndpointSchema).default([]),
  prices: priceTableSchema.optional(),
  /** Judge model for graders that name none. */
  defaultJudge: z.string().min(1).optional(),
  /** Batch runs: poll pace, and per provider whether batches are on, their discount, window and limits. */
  batch: batchSettingsSchema.optional(),
});

export interface CliConfig {
  endpoints: OpenAICompatibleEndpoint[];
  prices: PriceTable;
  defaultJudge?: string;
  batch?: BatchSettings;
}

/** `--config FILE`, else `refinery.config.json` in the working directory if there is one. */
export async function loadCliConfig(cwd: string, explicit?: string): Promise<CliConfig> {
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, 'refinery.config.json');
  if (!explicit && !existsSync(file)) return { endpoints: [], prices: DEFAULT_PRICE_TABLE };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError('cli.usage', `cannot read the config file: ${(error as Error).message}`, { file }, 'fix the JSON or pass another file with --config');
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      'cli.usage',
      `invalid config at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      { file },
      'expected {"endpoints": [{"id", "baseUrl", "apiKeyEnv"?}], "prices": {"provider/model": {"inputPerMillion", "outputPerMillion"}}, "defaultJudge": "provider/model"}',
    );
  }
  return {
    endpoints: parsed.data.endpoints,
    prices: parsed.data.prices ? mergePriceTables(DEFAULT_PRICE_TABLE, parsed.data.prices) : DEFAULT_PRICE_TABLE,
    ...(parsed.data.defaultJudge !== undefined && { defaultJudge: parsed.data.defaultJudge }),
    ...(parsed.data.batch !== undefined && { batch: parsed.data.batch }),
  };
}
