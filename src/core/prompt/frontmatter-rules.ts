import { z } from 'zod';
import { assertionListSchema } from '../assertions/schema';
import { MODEL_ID_PATTERN } from '../providers/model-id-pattern';

/**
 * What each frontmatter key may hold. Every zod check carries the phrase that completes
 * "<key> …", so the message names the key, the expectation and (added by the caller) the value.
 */
export interface ValueRule<T> {
  schema: z.ZodType<T>;
  /** A correct line, shown in the fix. */
  example: string;
}

export { MODEL_ID_PATTERN };

const MODEL_ID_EXPECTED = 'must be a model id of the form provider/model';
const modelId = z.string({ error: MODEL_ID_EXPECTED }).regex(MODEL_ID_PATTERN, { error: MODEL_ID_EXPECTED });
const nonEmptyText = (what: string) => z.string({ error: `must be ${what}` }).trim().min(1, { error: `must be ${what}` });
const positiveInt = (what: string) =>
  z.number({ error: `must be ${what}` }).int({ error: `must be ${what}` }).positive({ error: `must be ${what}` });
const numberBetween = (min: number, max: number) => {
  const expected = `must be a number from ${min} to ${max}`;
  return z.number({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
};
const wholeNumberBetween = (min: number, max: number) => {
  const expected = `must be a whole number from ${min} to ${max}`;
  return z.number({ error: expected }).int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
};
const hasNoDuplicates = (list: string[]) => new Set(list).size === list.length;

const rule = <T>(schema: z.ZodType<T>, example: string): ValueRule<T> => ({ schema, example });

/** `refinery.repeat`: samples per cell at most (each one is a paid model call, and a grader call per grader). */
export const MAX_REPEAT = 20;

export const MODEL_RULE = rule(modelId, 'model: groq/openai/gpt-oss-20b');

export const CONFIG_RULES = {
  temperature: rule(numberBetween(0, 2), 'temperature: 0.2'),
  maxOutputTokens: rule(positiveInt('a whole number of tokens above 0'), 'maxOutputTokens: 256'),
  topP: rule(numberBetween(0, 1), 'topP: 0.9'),
  stopSequences: rule(
    z.array(z.string({ error: 'must be text' }), { error: 'must be a list of strings' }),
    'stopSequences: ["\\n\\n"]',
  ),
};

export const REFINERY_RULES = {
  'refinery.models': rule(
    z
      .array(modelId, { error: 'must be a list of provider/model ids' })
      .min(1, { error: 'must list at least one model' })
      .refine(hasNoDuplicates, { error: 'lists the same model twice' }),
    'refinery.models: [groq/openai/gpt-oss-20b, cerebras/gpt-oss-120b]',
  ),
  'refinery.dataset': rule(nonEmptyText('a path to a dataset file'), 'refinery.dataset: data/tickets.csv'),
  'refinery.graders': rule(
    z.array(nonEmptyText('a path to a grader .prompt file'), { error: 'must be a list of grader .prompt paths' }),
    'refinery.graders: [graders/correct_label.prompt]',
  ),
  'refinery.kind': rule(z.enum(['prompt', 'grader', 'pairwise'], { error: 'must be prompt, grader or pairwise' }), 'refinery.kind: grader'),
  'refinery.concurrency': rule(positiveInt('a whole number above 0'), 'refinery.concurrency: 4'),
  'refinery.repeat': rule(wholeNumberBetween(1, MAX_REPEAT), 'refinery.repeat: 3'),
  'refinery.timeout': rule(positiveInt('a whole number of milliseconds above 0'), 'refinery.timeout: 30000'),
  'refinery.judge': rule(modelId, 'refinery.judge: groq/openai/gpt-oss-120b'),
  'refinery.passThreshold': rule(numberBetween(0, 1), 'refinery.passThreshold: 0.7'),
  'refinery.assert': rule(assertionListSchema, 'refinery.assert: [{ equals: { column: expected } }, { json: true }, { latency-under: 2000 }]'),
  'refinery.partials': rule(
    z
      .union([nonEmptyText('a folder path'), z.array(nonEmptyText('a folder path'))], { error: 'must be a folder path or a list of folder paths' })
      .transform((value) => (typeof value === 'string' ? [value] : value)),
    'refinery.partials: ../shared/partials',
  ),
  'refinery.context': rule(
    z.record(z.string(), z.unknown(), { error: 'must be a map of context names to values' }),
    'refinery.context: { state: { step: 1 }, auth: { email: test@example.com } }',
  ),
  'refinery.allowRemoteMedia': rule(z.boolean({ error: 'must be true or false' }), 'refinery.allowRemoteMedia: true'),
};

export type RefineryKey = keyof typeof REFINERY_RULES;
export const REFINERY_KEYS = Object.keys(REFINERY_RULES) as RefineryKey[];

export function isRefineryKey(key: string): key is RefineryKey {
  return Object.hasOwn(REFINERY_RULES, key);
}

export const TEXT_RULE = rule(z.string({ error: 'must be text' }), 'description: Triage support tickets');
export const MAP_RULE = rule(
  z.record(z.string(), z.unknown(), { error: 'must be a map of keys' }),
  'default: { locale: en }',
);
export const OUTPUT_FORMAT_RULE = rule(z.string({ error: 'must be text such as json or text' }), 'format: json');

/** Dotprompt keys Refinery reads or knowingly ignores. */
export const KNOWN_TOP_LEVEL_KEYS = ['model', 'config', 'input', 'output', 'name', 'description', 'variant', 'version', 'tools', 'toolDefs'];
