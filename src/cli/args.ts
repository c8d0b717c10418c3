import { parseArgs } from 'node:util';
import { UserError } from '../core/errors';
import { parseMaxUngraded, type MaxUngraded } from './max-ungraded';

export const usage = `refinery — evaluate .prompt files against datasets on several LLMs

Usage:
  refinery run <file.prompt> [--dataset F | --dataset-id ID] [--model M]... [--grader G]... [--judge M]
                             [--concurrency N] [--timeout MS] [--out results.json|.csv|.jsonl]
                             [--fail-under X] [--max-ungraded N|X%] [--resume RUN_ID]
                             [--config refinery.config.json] [--allow-remote-media] [--batch]
  refinery runs list [--limit N]
  refinery runs show <RUN_ID>
  refinery runs watch|resume|cancel <RUN_ID>   (runs sent with --batch)
  refinery datasets list [--limit N]
  refinery datasets show <DATASET_ID> [--limit N]
  refinery datasets delete <DATASET_ID>
  refinery export <RUN_ID> --out results.json|.csv|.jsonl
  refinery compare <RUN_ID> <BASELINE_RUN_ID> [--fail-on-regression | --fail-on-any-regression]
                             [--alpha 0.05] [--junit FILE]
                             [--pairwise JUDGE.prompt [--judge M] [--estimate] [--max-cost USD] [--out F]]
  refinery compare <RUN_ID> --model A --model B   (two models of one run, paired on its rows)
  refinery models [--provider P] [--refresh]
  (every command takes --store local|supabase)

Options:
  --dataset F       CSV, JSON (array of objects) or JSONL; overrides refinery.dataset
  --dataset-id ID   a dataset already in the store (refinery datasets list): its rows are read
                    from the store and the run points at it. A file given with --dataset whose
                    bytes match a stored dataset reuses that one too
  --model M         provider/model, repeatable; overrides refinery.models (sim/echo runs offline)
  --grader G        grader .prompt file, repeatable; overrides refinery.graders
  --judge M         judge model for every grader (overrides the grader's own)
  --concurrency N   requests in flight at once (default: refinery.concurrency or 16)
  --timeout MS      per-request timeout (default: refinery.timeout or 60000); a run resumed
                    with --resume keeps the concurrency and timeout it started with
  --out FILE        write every cell to FILE when the run ends (format from the extension)
  --fail-under X    exit 1 when the pass rate is below X (0–1, or a percentage like 80%);
                    pass-rate:0.8 says the same, score:0.7 checks the mean score instead,
                    pass-rate-lower:0.8 checks the lower bound of its 95% Wilson interval
                    (fails unless the data show the pass rate is at least X).
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
  --batch           send the cells through the provider's Batch API (Groq; Cerebras' preview and
                    endpoints declaring "batch": true when enabled) at its batch price, results
                    within its window (24 h); the run's batches are kept in the store. Ctrl-C stops
                    watching only: \`refinery runs watch ID\` picks the batches up again (here or on
                    another machine with the same store), \`runs resume ID\` also submits cells never
                    sent, \`runs cancel ID\` cancels them at the provider. Failed and expired lines
                    stay failed cells: re-run them live with --resume
  --allow-remote-media  send {{media}} http(s) URLs to the provider as they are (it fetches
                    them); without it (or refinery.allowRemoteMedia: true) they are refused
  --junit FILE      write JUnit XML: one testcase per cell, failures name the failing checks
  --fail-on-regression  (compare) exit 1 when a model's pass rate dropped significantly: McNemar's
                    exact test on the rows that flipped, Holm-adjusted over the models, below
                    --alpha; a drop that could be noise is reported but does not fail.
                    Both runs need a grader or an assertion
  --fail-on-any-regression  (compare) exit 1 when any cell regressed (a pass that became a fail, an
                    error or ungraded), significant or not
  --pairwise F      (compare) judge each row's two outputs with F (refinery.kind: pairwise: it gets
                    {{output_a}}, {{output_b}}, {{expected}} and the row, and answers A, B or tie).
                    Every pair is judged in both orders; orders that disagree make a tie. Prints
                    the win rate of A (this run, or the first --model) with its 95% interval, a
                    sign test and the judge's position-bias rate; stored with the two runs;
                    --out writes every pair's verdicts; --estimate prints the cost and stops
  --alpha A         (compare) significance level of the verdicts and of --fail-on-regression
                    (default 0.05)
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
  'dataset-id': { type: 'string' },
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
  'fail-on-any-regression': { type: 'boolean' },
  alpha: { type: 'string' },
  pairwise: { type: 'string' },
  'allow-remote-media': { type: 'boolean' },
  batch: { type: 'boolean' },
  provider: { type: 'string' },
  refresh: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CliArgs {
  command: 'run' | 'runs-list' | 'runs-show' | 'runs-watch' | 'runs-resume' | 'runs-cancel' | 'datasets-list' | 'datasets-show' | 'datasets-delete' | 'export' | 'compare' | 'models' | 'help';
  positional: string[];
  dataset?: string;
  /** --dataset-id: a stored dataset to run on. */
  datasetId?: string;
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
  /** --fail-on-regression: fail on a significant regression only. */
  failOnRegression: boolean;
  /** --fail-on-any-regression: fail on any regressed cell. */
  failOnAnyRegression: boolean;
  /** --alpha; absent means 0.05. */
  alpha?: number;
  /** --pairwise: a pairwise judge to run on the compared outputs. */
  pairwise?: string;
  estimate: boolean;
  maxCostUsd?: number;
  config?: string;
  storeDir?: string;
  store: StoreKind;
  limit?: number;
  /** --allow-remote-media: `{{media}}` may send http(s) URLs, as `refinery.allowRemoteMedia: true` allows. */
  allowRemoteMedia: boolean;
  /** --batch: through the providers' Batch APIs. */
  batch: boolean;
  /** `models --provider P` */
  provider?: string;
  /** `models --refresh`: ask the providers, not the cache. */
  refresh: boolean;
}

/** --fail-under: the figure to check and its threshold (0–1). */
export interface FailUnder {
  /** `pass-rate-lower`: the lower bound of the pass rate's 95 % Wilson interval. */
  metric: 'pass-rate' | 'pass-rate-lower' | 'score';
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

function alphaOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const alpha = Number(value);
  if (!Number.isFinite(alpha) || alpha <= 0 || alpha >= 1) throw usageError(`--alpha must be a number between 0 and 1 such as 0.05, got "${value}"`);
  return alpha;
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
  if (metric !== 'pass-rate' && metric !== 'pass-rate-lower' && metric !== 'score') {
    throw usageError(`--fail-under checks pass-rate, pass-rate-lower or score, got "${metric ?? ''}"`, 'example: --fail-under pass-rate:0.8, pass-rate-lower:0.8 or score:0.7');
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
  else if (verb === 'runs' && (rest[0] === 'watch' || rest[0] === 'resume' || rest[0] === 'cancel')) command = `runs-${rest[0]}`;
  else if (verb === 'datasets' && (rest[0] === 'list' || rest[0] === 'show' || rest[0] === 'delete')) command = `datasets-${rest[0]}`;
  else throw usageError(`unknown command "${positionals.join(' ')}"`);

  const positional = command.startsWith('runs-') || command.startsWith('datasets-') ? rest.slice(1) : rest;
  if ((command === 'runs-watch' || command === 'runs-resume' || command === 'runs-cancel') && positional.length !== 1) {
    throw usageError(`\`refinery runs ${rest[0] ?? ''}\` takes one run id`, 'list runs with `refinery runs list`');
  }
  if (values.batch && (command !== 'run' || values.resume)) {
    throw usageError('--batch starts a new run as a batch', 'to pick up a batch run use `refinery runs watch ID` or `refinery runs resume ID`; to re-run failed cells live, `refinery run --resume ID`');
  }
  if ((command === 'datasets-show' || command === 'datasets-delete') && positional.length !== 1) {
    throw usageError(`\`refinery datasets ${rest[0] ?? ''}\` takes one dataset id`, 'list datasets with `refinery datasets list`');
  }
  if (values['dataset-id'] !== undefined && values.dataset !== undefined) throw usageError('--dataset (a file) and --dataset-id (a stored dataset) exclude each other: pick one');
  if (values['dataset-id'] !== undefined && command !== 'run') throw usageError('--dataset-id goes with `refinery run`');
  if ((values.estimate || values['max-cost'] !== undefined) && values.resume) throw usageError('--estimate and --max-cost apply to a new run, not to --resume');
  if (values.failed && !values.resume) throw usageError('--failed re-runs the failed cells of a run: use it with --resume RUN_ID');
  if (command === 'run' && positional.length !== 1 && !(values.resume && positional.length === 0)) {
    throw usageError('`refinery run` takes one .prompt file', 'example: refinery run prompts/triage.prompt --dataset data/tickets.csv');
  }
  if ((command === 'runs-show' || command === 'export') && positional.length !== 1) {
    throw usageError(`\`refinery ${verb}${command === 'runs-show' ? ' show' : ''}\` takes one run id`, 'list runs with `refinery runs list`');
  }
  const modelsOfOneRun = command === 'compare' && positional.length === 1 && (values.model?.length ?? 0) === 2;
  if (command === 'compare' && positional.length !== 2 && !modelsOfOneRun) {
    throw usageError(
      '`refinery compare` takes a run id and a baseline run id, or one run id and two --model',
      'example: refinery compare RUN_ID BASELINE_ID, or refinery compare RUN_ID --model groq/a --model groq/b; list runs with `refinery runs list`',
    );
  }
  if (values['fail-on-regression'] && values['fail-on-any-regression']) {
    throw usageError('--fail-on-regression (significant drops only) and --fail-on-any-regression (every regressed cell) exclude each other: pick one');
  }
  if (command === 'export' && !values.out) throw usageError('`refinery export` needs --out FILE (.csv, .json or .jsonl)');
  if (command !== 'models' && (values.provider !== undefined || values.refresh)) throw usageError('--provider and --refresh go with `refinery models`');

  return {
    command,
    positional,
    dataset: values.dataset,
    datasetId: values['dataset-id'],
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
    failOnAnyRegression: values['fail-on-any-regression'] ?? false,
    alpha: alphaOf(values.alpha),
    pairwise: values.pairwise,
    estimate: values.estimate ?? false,
    maxCostUsd: maxCost(values['max-cost']),
    config: values.config,
    storeDir: values['store-dir'],
    store: storeKind(values.store),
    limit: positiveInt('limit', values.limit),
    allowRemoteMedia: values['allow-remote-media'] ?? false,
    batch: values.batch ?? false,
    provider: values.provider,
    refresh: values.refresh ?? false,
  };
}
