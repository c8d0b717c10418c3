import { parseArgs } from 'node:util';
import { UserError } from '../core/errors';
import { parseMaxUngraded, type MaxUngraded } from './max-ungraded';

export const usage = `refinery — evaluate .prompt files against datasets on several LLMs

Usage:
  refinery run <file.prompt> [--dataset F] [--model M]... [--grader G]... [--judge M]
                             [--concurrency N] [--timeout MS] [--out results.json|.csv|.jsonl]
                             [--fail-under X] [--max-ungraded N|X%] [--resume RUN_ID]
                             [--config refinery.config.json]
  refinery runs list [--limit N]
  refinery runs show <RUN_ID>
  refinery export <RUN_ID> --out results.json|.csv|.jsonl
  refinery compare <RUN_ID> <BASELINE_RUN_ID> [--fail-on-regression]
  refinery models [--provider P] [--refresh]
  (every command takes --store local|supabase)

Options:
  --dataset F       CSV, JSON (array of objects) or JSONL; overrides refinery.dataset
  --model M         provider/model, repeatable; overrides refinery.models (sim/echo runs offline)
  --grader G        grader .prompt file, repeatable; overrides refinery.graders
  --judge M         judge model for every grader (overrides the grader's own)
  --concurrency N   requests in flight at once (default: refinery.concurrency or 16)
  --timeout MS      per-request timeout (default 60000)
  --out FILE        write every cell to FILE when the run ends (format from the extension)
  --fail-under X    exit 1 when the pass rate is below X (0–1, or a percentage like 80%);
                    pass-rate:0.8 says the same, score:0.7 checks the mean score instead.
                    The pass rate is over every cell: an ungraded or errored cell did not pass.
                    Without refinery.graders or refinery.assert there is nothing to gate on (exit 2)
  --max-ungraded N  exit 1 when more than N cells (or X% of them: 10%) are ungraded — the judge's
                    answer could not be read, its call failed, or no grader ran (default 0)
  --resume RUN_ID   finish an interrupted run: only its missing and failed cells run
  --failed          with --resume: also run again the cells that completed but failed or are
                    ungraded (a judge that was down or answered in the wrong format)
  --estimate        print the estimated cost (rendered prompts and grader prompts counted with a
                    tokenizer, outputs at maxOutputTokens) and exit without calling a model
  --max-cost USD    refuse to start when that estimate is above USD
  --junit FILE      write JUnit XML: one testcase per cell, failures name the failing checks
  --fail-on-regression  (compare) exit 1 when any cell regressed against the baseline (a pass that
                    became a fail, an error or ungraded); both runs need a grader or an assertion
  --provider P      (models) list only provider P: groq, cerebras or an endpoint id; exit 1 when
                    a provider's list could not be read
  --refresh         (models) ask the providers again instead of using the list cached for a day
  --config FILE     JSON with "endpoints" (OpenAI-compatible servers) and "prices" overrides
  --store-dir DIR   local store folder, shared with VS Code (default $REFINERY_HOME, else ~/.refinery
                    if it exists, else the platform data folder, e.g. ~/.local/share/refinery)
  --store S         local (default) or supabase: runs, prompts and datasets go to a Supabase
                    project. Needs SUPABASE_URL, SUPABASE_ANON_KEY and either
                    SUPABASE_ACCESS_TOKEN (a signed-in user's JWT) or SUPABASE_SERVICE_ROLE_KEY
                    with REFINERY_OWNER_ID (the user id to act for; rows are written as theirs)

Keys come from the environment: GROQ_API_KEY, CEREBRAS_API_KEY, and the apiKeyEnv each endpoint
declares. Exit codes: 0 ok, 1 a gate failed (--fail-under, --max-ungraded, --fail-on-regression),
2 usage or bad input, 3 unexpected error, 130 cancelled (Ctrl-C; completed cells are kept — resume
with --resume). With GITHUB_STEP_SUMMARY set, \`refinery run\` appends its summary there as Markdown.`;

const options = {
  dataset: { type: 'string' },
  model: { type: 'string', multiple: true },
  grader: { type: 'string', multiple: true },
  judge: { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  out: { type: 'string' },
  'fail-under': { type: 'string' },
  'max-ungraded': { type: 'string' },
  resume: { type: 'string' },
  config: { type: 'string' },
  'store-dir': { type: 'string' },
  store: { type: 'string' },
  limit: { type: 'string' },
  junit: { type: 'string' },
  failed: { type: 'boolean' },
  estimate: { type: 'boolean' },
  'max-cost': { type: 'string' },
  'fail-on-regression': { type: 'boolean' },
  provider: { type: 'string' },
  refresh: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CliArgs {
  command: 'run' | 'runs-list' | 'runs-show' | 'export' | 'compare' | 'models' | 'help';
  positional: string[];
  dataset?: string;
  models: string[];
  graders: string[];
  judge?: string;
  concurrency?: number;
  timeoutMs?: number;
  out?: string;
  failUnder?: FailUnder;
  /** --max-ungraded; absent means the default, none. */
  maxUngraded?: MaxUngraded;
  resume?: string;
  /** --failed: a resumed run also re-runs the completed cells that failed grading. */
  failedOnly: boolean;
  junit?: string;
  failOnRegression: boolean;
  estimate: boolean;
  maxCostUsd?: number;
  config?: string;
  storeDir?: string;
  store: StoreKind;
  limit?: number;
  /** `models --provider P` */
  provider?: string;
  /** `models --refresh`: ask the providers, not the cache. */
  refresh: boolean;
}

/** --fail-under: the figure to check and its threshold (0–1). */
export interface FailUnder {
  metric: 'pass-rate' | 'score';
  threshold: number;
}

export type StoreKind = 'local' | 'supabase';

function storeKind(value: string | undefined): StoreKind {
  if (value === undefined || value === 'local' || value === 'supabase') return value ?? 'local';
  throw usageError(`--store must be "local" or "supabase", got "${value}"`);
}

function usageError(message: string, fix = 'run `refinery --help` for usage'): UserError {
  return new UserError('cli.usage', message, {}, fix);
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`--${flag} must be a positive whole number, got "${value}"`);
  return n;
}

/** `0.8`, `80%` or `80` → 0.8 */
export function parseThreshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const percent = value.endsWith('%');
  const n = Number(percent ? value.slice(0, -1) : value);
  if (!Number.isFinite(n) || n < 0) throw usageError(`--fail-under must be a number between 0 and 1 or a percentage, got "${value}"`);
  const ratio = percent || n > 1 ? n / 100 : n;
  if (ratio > 1) throw usageError(`--fail-under cannot exceed 100%, got "${value}"`);
  return ratio;
}

function maxCost(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const usd = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(usd) || usd < 0) throw usageError(`--max-cost must be an amount in USD such as 0.50, got "${value}"`);
  return usd;
}

/** `pass-rate:0.8`, `score:0.7`, or a plain threshold (the pass rate). */
export function parseFailUnder(value: string | undefined): FailUnder | undefined {
  if (value === undefined) return undefined;
  const match = /^([a-z-]+):(.*)$/.exec(value);
  if (!match) return { metric: 'pass-rate', threshold: parseThreshold(value) ?? 0 };
  const [, metric, threshold] = match;
  if (metric !== 'pass-rate' && metric !== 'score') {
    throw usageError(`--fail-under checks pass-rate or score, got "${metric ?? ''}"`, 'example: --fail-under pass-rate:0.8 or --fail-under score:0.7');
  }
  return { metric, threshold: parseThreshold(threshold) ?? 0 };
}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError((error as Error).message.replace(/\. To specify a positional.*$/, ''));
  }
  const { values, positionals } = parsed;
  const [verb, ...rest] = positionals;
  let command: CliArgs['command'];
  if (values.help || verb === undefined || verb === 'help') command = 'help';
  else if (verb === 'run') command = 'run';
  else if (verb === 'export') command = 'export';
  else if (verb === 'compare') command = 'compare';
  else if (verb === 'models' && rest.length === 0) command = 'models';
  else if (verb === 'runs' && rest[0] === 'list') command = 'runs-list';
  else if (verb === 'runs' && rest[0] === 'show') command = 'runs-show';
  else throw usageError(`unknown command "${positionals.join(' ')}"`);

  const positional = command === 'runs-list' || command === 'runs-show' ? rest.slice(1) : rest;
  if ((values.estimate || values['max-cost'] !== undefined) && values.resume) throw usageError('--estimate and --max-cost apply to a new run, not to --resume');
  if (values.failed && !values.resume) throw usageError('--failed re-runs the failed cells of a run: use it with --resume RUN_ID');
  if (command === 'run' && positional.length !== 1 && !(values.resume && positional.length === 0)) {
    throw usageError('`refinery run` takes one .prompt file', 'example: refinery run prompts/triage.prompt --dataset data/tickets.csv');
  }
  if ((command === 'runs-show' || command === 'export') && positional.length !== 1) {
    throw usageError(`\`refinery ${verb}${command === 'runs-show' ? ' show' : ''}\` takes one run id`, 'list runs with `refinery runs list`');
  }
  if (command === 'compare' && positional.length !== 2) {
    throw usageError('`refinery compare` takes a run id and a baseline run id', 'example: refinery compare RUN_ID BASELINE_ID; list runs with `refinery runs list`');
  }
  if (command === 'export' && !values.out) throw usageError('`refinery export` needs --out FILE (.csv, .json or .jsonl)');
  if (command !== 'models' && (values.provider !== undefined || values.refresh)) throw usageError('--provider and --refresh go with `refinery models`');

  return {
    command,
    positional,
    dataset: values.dataset,
    models: values.model ?? [],
    graders: values.grader ?? [],
    judge: values.judge,
    concurrency: positiveInt('concurrency', values.concurrency),
    timeoutMs: positiveInt('timeout', values.timeout),
    out: values.out,
    failUnder: parseFailUnder(values['fail-under']),
    maxUngraded: parseMaxUngraded(values['max-ungraded']),
    resume: values.resume,
    failedOnly: values.failed ?? false,
    junit: values.junit,
    failOnRegression: values['fail-on-regression'] ?? false,
    estimate: values.estimate ?? false,
    maxCostUsd: maxCost(values['max-cost']),
    config: values.config,
    storeDir: values['store-dir'],
    store: storeKind(values.store),
    limit: positiveInt('limit', values.limit),
    provider: values.provider,
    refresh: values.refresh ?? false,
  };
}
