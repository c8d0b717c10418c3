/**
 * Runs one scenario of the rate-limit matrix in virtual time: `rows` × `models` cells through the
 * real scheduler and `runCells`, against the fake server's enforcement as an in-process provider.
 * Reports the server's own counts and the run's time over the server's rate bound.
 */
import { createScheduler, RateBudgets, runCells, type CellTask } from '../../../src/core/executor';
import { RUN_RETRIES } from '../../../src/core/run/run-limits';
import type { RateLimitDialect } from '../../../src/core/providers/rate-limit-headers';
import { RateEnforcer } from '../../fake-server/rate-enforcement';
import type { RateScenario } from '../../fake-server/rate-scenarios';
import { estimateTokens } from '../../fake-server/wire-format';
import { EnforcedProvider } from './enforced-provider';
import { seededRandom, settleInVirtualTime } from './fakes';

export interface MatrixRunOptions {
  rows: number;
  models: number;
  concurrency: number;
  requestsPerMinute: number;
  latencyMs: number;
  /** Several runs at once on the same models (sharing one process's budgets); the rows are split between them. */
  runs?: number;
  /** Each run learns on its own budgets, as before they were shared (to show what sharing buys). */
  budgetsPerRun?: boolean;
  /** A busy client: it takes in answers only every this many ms (see `EnforcedProviderOptions`). */
  clientTickMs?: number;
  seed?: number;
}

export interface MatrixRunResult {
  completed: number;
  failed: number;
  /** Requests the server accepted (each cell exactly once when nothing else was sent). */
  accepted: number;
  requests: number;
  rejected429: number;
  share429: number;
  elapsedMs: number;
  boundMs: number;
  ratio: number;
}

const SYSTEM = 'Classify the ticket with one word.';
const MAX_OUTPUT_TOKENS = 32;

function userText(row: number): string {
  return `Ticket ${row}: the export button fails when the report has more than ${row % 97} charts`;
}

/** What one request costs the server in tokens (prompt + output cap), on average over the rows. */
export function tokensPerRequest(rows: number): number {
  let total = 0;
  for (let row = 0; row < rows; row++) total += estimateTokens(SYSTEM.length + userText(row).length) + MAX_OUTPUT_TOKENS;
  return total / rows;
}

/** `rows` × `models` cells, rows `from`, `from + step`, … (several runs split the rows), on models `<provider>/model-<m>`. */
export function* matrixCells(rows: number, models: number, from = 0, step = 1, provider = 'p'): Generator<CellTask> {
  for (let row = from; row < rows; row += step) {
    const request = {
      messages: [
        { role: 'system' as const, content: SYSTEM },
        { role: 'user' as const, content: userText(row) },
      ],
      maxOutputTokens: MAX_OUTPUT_TOKENS,
    };
    for (let m = 0; m < models; m++) yield { key: `${row}/${m}`, modelId: `${provider}/model-${m}`, request };
  }
}

const DIALECT: Record<RateScenario['client'], RateLimitDialect> = { groq: 'groq', cerebras: 'cerebras', openai: 'openai' };

/** Call inside `useVirtualTime()`. */
export async function runMatrixScenario(scenario: RateScenario, options: MatrixRunOptions): Promise<MatrixRunResult> {
  const now = () => Date.now();
  const random = seededRandom(options.seed ?? 1);
  const enforcer = new RateEnforcer(
    scenario.enforcement({
      requestsPerMinute: options.requestsPerMinute,
      models: options.models,
      requestsPerModel: options.rows,
      tokensPerRequest: tokensPerRequest(options.rows),
    }),
  );
  const provider = new EnforcedProvider({
    id: 'p',
    enforcer,
    dialect: DIALECT[scenario.client],
    latencyMs: () => options.latencyMs * (0.8 + 0.4 * random()),
    uplinkMs: () => 1 + 4 * random(),
    clientTickMs: options.clientTickMs,
    now,
  });
  const budgets = new RateBudgets();
  const runs = options.runs ?? 1;
  const started = now();
  const summaries = await settleInVirtualTime(
    Promise.all(
      Array.from({ length: runs }, (_, run) => {
        const scheduler = createScheduler({
          resolve: (modelId) => ({ provider, providerId: 'p', model: modelId.slice(2), account: 'p-account' }),
          concurrency: options.concurrency,
          timeoutMs: 60_000,
          ...RUN_RETRIES,
          budgets: options.budgetsPerRun ? new RateBudgets() : budgets,
          random: seededRandom(100 + run),
          now,
        });
        return runCells(matrixCells(options.rows, options.models, run, runs), { scheduler, onEvent: () => undefined, now });
      }),
    ),
  );
  const elapsedMs = now() - started;
  const report = enforcer.report();
  const boundMs = report.boundMs + options.latencyMs;
  const rejected429 = provider.byStatus[429] ?? 0;
  return {
    completed: summaries.reduce((sum, s) => sum + s.completed, 0),
    failed: summaries.reduce((sum, s) => sum + s.failed, 0),
    accepted: report.buckets.reduce((sum, b) => sum + b.accepted, 0),
    requests: provider.calls,
    rejected429,
    share429: rejected429 / provider.calls,
    elapsedMs,
    boundMs,
    ratio: elapsedMs / boundMs,
  };
}
