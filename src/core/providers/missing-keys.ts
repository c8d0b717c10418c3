/**
 * Every provider key a run lacks, found at once before anything is stored or called: the run's
 * models and each grader's judge (a model the user may never have picked, so it is named as the
 * grader's). The CLI prints them in one error; the extension offers Set API Key… for each.
 */
import { UserError, type ErrorLocation } from '../errors';
import { MissingKeyError } from './missing-key-error';
import type { ProviderRegistry } from './registry';

/** A model a run calls: one of its models, or the judge of one of its graders. */
export interface ModelUse {
  modelId: string;
  /** The grader whose judge this model is (as the prompt names it). */
  grader?: string;
}

export interface MissingKey {
  providerId: string;
  /** The environment variable that would hold it, e.g. `GROQ_API_KEY`. */
  keyName: string;
  /** What needs it, in the run's order. */
  uses: ModelUse[];
}

/** The run's models, then each grader's judge. */
export function modelUses(models: readonly string[], graders: ReadonlyArray<{ ref: string; judge: string }>): ModelUse[] {
  return [...models.map((modelId) => ({ modelId })), ...graders.map((g) => ({ modelId: g.judge, grader: g.ref }))];
}

/**
 * Resolves every use; the missing keys are collected per provider, any other problem (an unknown
 * provider, a malformed id) is thrown as it is.
 */
export function findMissingKeys(registry: ProviderRegistry, uses: readonly ModelUse[], location: ErrorLocation = {}): MissingKey[] {
  const missing = new Map<string, MissingKey>();
  for (const use of uses) {
    try {
      registry.resolve(use.modelId, location);
    } catch (error) {
      if (!(error instanceof MissingKeyError)) throw error;
      const entry = missing.get(error.providerId) ?? { providerId: error.providerId, keyName: error.keyName, uses: [] };
      entry.uses.push(use);
      missing.set(error.providerId, entry);
    }
  }
  return [...missing.values()];
}

/** `groq/openai/gpt-oss-20b`, or `the grader graders/x.prompt (its judge groq/openai/gpt-oss-120b)`. */
export function describeUse(use: ModelUse): string {
  return use.grader === undefined ? use.modelId : `the grader ${use.grader} (its judge ${use.modelId})`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

/** One error naming every missing key and what needs it (the CLI's wording). */
export function missingKeysError(missing: readonly MissingKey[], location: ErrorLocation = {}): UserError {
  const parts = missing.map((m) => `${m.keyName} is not set (needed for ${listWords(m.uses.map(describeUse))})`);
  const variables = listWords(missing.map((m) => `${m.keyName}=…`));
  const judges = missing.some((m) => m.uses.some((use) => use.grader !== undefined));
  return new UserError(
    'provider.missing-key',
    parts.join('; '),
    location,
    `export ${variables}, or try without keys: --model sim/echo${judges ? ' --judge sim/judge' : ''}`,
  );
}
