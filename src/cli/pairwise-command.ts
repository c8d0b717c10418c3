/** `refinery compare … --pairwise JUDGE`: the judge on every pair of outputs, in both orders, costed and stored. */
import type { RunComparison } from '../core/compare';
import { UserError } from '../core/errors';
import { DEFAULT_RUN_LIMITS, runScheduler } from '../core/run';
import { writeExport } from '../core/export';
import {
  estimatePairwise,
  formatPairwise,
  judgePairs,
  pairsFromComparison,
  pairwiseExportRows,
  pairwiseSummaryJson,
  preparePairwiseJudge,
  summarizePairwise,
  type PairwiseSummary,
} from '../core/pairwise';
import { createProviderRegistry } from '../core/providers';
import { formatUsd, PRICE_UNKNOWN } from '../core/stats';
import type { DatasetRowRecord } from '../core/model';
import type { Store } from '../core/ports/store';
import type { CliArgs } from './args';
import { refuseUnservedModels } from './check-models';
import { loadCliConfig } from './config-file';
import type { CliIO } from './run-command';


/** Returns the summary, or null when only the estimate was asked for. */
export async function pairwiseCommand(
  args: CliArgs,
  io: CliIO,
  store: Store,
  comparison: RunComparison,
  rows: readonly DatasetRowRecord[],
  alpha: number,
): Promise<PairwiseSummary | null> {
  const file = args.pairwise ?? '';
  const config = await loadCliConfig(io.cwd, args.config);
  const judge = await preparePairwiseJudge({ file, cwd: io.cwd, columns: Object.keys(rows[0]?.data ?? {}), judge: args.judge, defaultJudge: config.defaultJudge });
  const pairs = pairsFromComparison(comparison, rows);
  if (pairs.length === 0) {
    throw new UserError('cli.usage', 'no row has an output on both sides: nothing to judge pairwise', {}, 'compare runs of the same prompt and dataset whose cells completed');
  }
  const estimate = await estimatePairwise(pairs, judge, config.prices);
  const cost = estimate.costUsd === null ? `${PRICE_UNKNOWN} (${estimate.modelId})` : `at most ${formatUsd(estimate.costUsd)}`;
  io.stdout.write(`pairwise: ${pairs.length} pairs × 2 orders = ${estimate.calls} judge calls on ${estimate.modelId}, ~${estimate.inputTokens} input tokens, cost ${cost}\n`);
  if (args.estimate) return null;
  if (args.maxCostUsd !== undefined && (estimate.costUsd ?? 0) > args.maxCostUsd) {
    throw new UserError('cli.usage', `the estimated cost ${formatUsd(estimate.costUsd ?? 0)} is above --max-cost ${formatUsd(args.maxCostUsd)}`, {}, 'raise --max-cost, or lower the judge\'s maxOutputTokens');
  }

  const registry = createProviderRegistry({ env: io.env, endpoints: config.endpoints, http: { connectionsPerOrigin: DEFAULT_RUN_LIMITS.concurrency } });
  try {
    registry.resolve(judge.judge, { file });
    await refuseUnservedModels([judge.judge], registry, io, { file });
    const scheduler = runScheduler((id) => registry.resolve(id), DEFAULT_RUN_LIMITS);
    const judgments = await judgePairs(pairs, judge, { scheduler, prices: config.prices, signal: io.signal });
    const summary = summarizePairwise(judgments);
    const records = pairwiseExportRows(judgments, comparison.title);
    await store.savePairwiseComparison({
      runId: comparison.runId,
      baselineRunId: comparison.baselineId,
      label: comparison.title,
      graderPath: file,
      graderText: judge.compiled.prompt.source,
      judge: judge.judge,
      summary: pairwiseSummaryJson(summary, alpha),
      pairs: records,
      costUsd: summary.costKnown ? summary.costUsd : null,
    });
    const sides = comparison.runId === comparison.baselineId ? 'A = the first --model, B = the second' : 'A = this run, B = the baseline';
    io.stdout.write(`\n${formatPairwise(summary, { grader: file, judge: judge.judge, sides, alpha })}\n`);
    if (args.out) {
      await writeExport(args.out, records);
      io.stdout.write(`wrote ${records.length} pairs to ${args.out}\n`);
    }
    return summary;
  } finally {
    await registry.close();
  }
}
