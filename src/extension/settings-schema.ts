/**
 * The `refinery.*` settings, validated field by field (pure: no `vscode` import, unit-tested).
 * An invalid value falls back to its default and is reported as a problem, the way VS Code
 * itself ignores a setting that does not match its schema — one bad setting never blocks a run.
 */
import { z } from 'zod';
import { priceTableSchema, type PriceTable } from '../core/cost/price-table';
import { DEFAULT_RUN_LIMITS } from '../core/run/run-limits';
import { batchSettingsSchema, type BatchSettings } from '../core/batch/batch-offers';
import { openAICompatibleEndpointSchema, type OpenAICompatibleEndpoint } from '../core/providers/endpoint-schema';

const optionalUrl = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
);

const fields = {
  models: z.array(z.string().min(1)).default([]),
  judgeModel: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.string().min(1).optional()),
  concurrency: z.int().min(1).max(512).default(DEFAULT_RUN_LIMITS.concurrency),
  requestTimeoutMs: z.int().min(1_000).max(3_600_000).default(DEFAULT_RUN_LIMITS.timeoutMs),
  prices: priceTableSchema.default({}),
  confirmCostAboveUsd: z.number().min(0).default(0.5),
  store: z.enum(['local', 'supabase']).default('local'),
  endpoints: z.array(openAICompatibleEndpointSchema).default([]),
  baseUrls: z.object({ groq: optionalUrl, cerebras: optionalUrl }).default({}),
  localStorePath: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.string().min(1).optional()),
  // VS Code hands `refinery.batch.*` over as one object, unset keys as null
  batch: z.preprocess(
    (value) => (value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) : value),
    batchSettingsSchema.default({}),
  ),
} as const;

export interface RefinerySettings {
  /** Default models when a prompt names none (`provider/model`). */
  models: string[];
  /** Judge model for every grader, over the grader's own (as the CLI's `--judge`). */
  judgeModel: string | undefined;
  concurrency: number;
  requestTimeoutMs: number;
  /** Price overrides, merged over the built-in table. */
  prices: PriceTable;
  /** Ask before a run whose estimated cost is above this (USD); 0 asks before every run with a priced model. */
  confirmCostAboveUsd: number;
  store: 'local' | 'supabase';
  /** Custom OpenAI-compatible endpoints (Ollama, vLLM, llama.cpp server, LM Studio…). */
  endpoints: OpenAICompatibleEndpoint[];
  /** Base URL overrides of the built-in providers (e.g. a proxy). */
  baseUrls: { groq?: string; cerebras?: string };
  /** The local store folder; unset: the one the CLI uses too (`REFINERY_HOME`, `~/.refinery`, the platform data folder). */
  localStorePath: string | undefined;
  /** Batch runs (`refinery.batch.*`): poll pace, and per provider whether batches are on, their discount, window and limits. */
  batch: BatchSettings;
}

export type SettingName = keyof typeof fields;

export interface ParsedSettings {
  settings: RefinerySettings;
  /** One line per invalid setting, e.g. `refinery.concurrency: Too small: expected number to be >=1`. */
  problems: string[];
}

/** `read(name)` returns the raw value of `refinery.<name>` (undefined when unset). */
export function parseSettings(read: (name: SettingName) => unknown): ParsedSettings {
  const problems: string[] = [];
  const parse = <K extends SettingName>(name: K): z.output<(typeof fields)[K]> => {
    const schema = fields[name];
    const result = schema.safeParse(read(name));
    if (result.success) return result.data as z.output<(typeof fields)[K]>;
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `.${issue.path.map(String).join('.')}` : '';
    problems.push(`refinery.${name}${where}: ${issue?.message ?? 'invalid value'} (using the default)`);
    return schema.parse(undefined) as z.output<(typeof fields)[K]>;
  };
  const settings: RefinerySettings = {
    models: parse('models'),
    judgeModel: parse('judgeModel'),
    concurrency: parse('concurrency'),
    requestTimeoutMs: parse('requestTimeoutMs'),
    prices: parse('prices'),
    confirmCostAboveUsd: parse('confirmCostAboveUsd'),
    store: parse('store'),
    endpoints: parse('endpoints'),
    baseUrls: parse('baseUrls'),
    localStorePath: parse('localStorePath'),
    batch: parse('batch'),
  };
  return { settings, problems };
}
