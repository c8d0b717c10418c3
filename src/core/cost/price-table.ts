import { z } from 'zod';

export { roundUsd } from '../../shared/stats/round-usd';

const usdPerMillionTokens = z.number().finite().nonnegative();

/**
 * The price of one model in USD per 1M tokens. `cachedInputPerMillion` is what a token served
 * from the provider's prompt cache costs; when absent no discount is assumed and cached tokens
 * are charged at the input price (a price table should over-report, never under-report).
 */
export const modelPriceSchema = z.strictObject({
  inputPerMillion: usdPerMillionTokens,
  outputPerMillion: usdPerMillionTokens,
  cachedInputPerMillion: usdPerMillionTokens.optional(),
  /** When the figures were checked, `YYYY-MM` or `YYYY-MM-DD`. */
  asOf: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected a date like 2026-11 or 2026-11-30').optional(),
  /** Where the figures were read (a price or models page). */
  source: z.string().optional(),
  /** True when no official price was found and the figures are a guess: shown as an estimate. */
  estimate: z.boolean().optional(),
  note: z.string().optional(),
});

export type ModelPrice = z.infer<typeof modelPriceSchema>;

/** `provider/model` (the model part may itself contain `/`), or `provider/*` for every model of a provider. */
const modelKeySchema = z
  .string()
  .regex(/^[^/\s]+\/\S+$/, 'expected a model id like "groq/openai/gpt-oss-20b" or a wildcard like "ollama/*"');

/** Keyed by model id (`groq/openai/gpt-oss-20b`) or provider wildcard (`sim/*`). */
export const priceTableSchema = z.record(modelKeySchema, modelPriceSchema);

export type PriceTable = z.infer<typeof priceTableSchema>;

export type PriceTableValidation = { ok: true; table: PriceTable } | { ok: false; problems: string[] };

/**
 * Validates a user-supplied price table (VS Code setting, CLI JSON file) without throwing.
 * Each problem names the model key and field, e.g. `groq/x.inputPerMillion: Too small…`,
 * so the caller can wrap it in a `UserError` or a diagnostic pointing at its own file.
 */
export function validatePriceTable(value: unknown): PriceTableValidation {
  const parsed = priceTableSchema.safeParse(value);
  if (parsed.success) return { ok: true, table: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    // A bad record key carries the key schema's own message one level down.
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return where ? `${where}: ${message}` : message;
  });
  return { ok: false, problems };
}

/**
 * Overrides replace whole entries: a user who states a model's price states all of it, so a
 * default `estimate` flag or cached price never leaks into a price the user typed.
 */
export function mergePriceTables(defaults: PriceTable, ...overrides: PriceTable[]): PriceTable {
  return Object.assign({}, defaults, ...overrides) as PriceTable;
}

/** Exact model id first, then the `provider/*` wildcard; `undefined` when the price is unknown. */
export function findPrice(table: PriceTable, modelId: string): ModelPrice | undefined {
  const exact = Object.hasOwn(table, modelId) ? table[modelId] : undefined;
  if (exact) return exact;
  const slash = modelId.indexOf('/');
  if (slash <= 0) return undefined;
  const wildcard = `${modelId.slice(0, slash)}/*`;
  return Object.hasOwn(table, wildcard) ? table[wildcard] : undefined;
}
