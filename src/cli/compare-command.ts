import { writeFile } from 'node:fs/promises';
import { compareModelsInRun, compareRuns, DEFAULT_ALPHA, formatComparison, type CompareSide, type RunComparison } from '../core/compare';
import { UserError } from '../core/errors';
import type { PairwiseSummary } from '../core/pairwise';
import { modelIdOf } from '../core/run';
import type { DatasetRowRecord } from '../core/model';
import type { Store } from '../core/ports/store';
import type { CliArgs } from './args';
import { appendCompareStepSummary, compareJunitXml, modelGateFailure, type RegressionGate } from './compare-report';
import { nothingToGateOn } from './gates';
import { openCliStore } from './open-store';
import { pairwiseCommand } from './pairwise-command';
import type { CliIO } from './run-command';

async function loadSide(store: Store, id: string, role: string): Promise<CompareSide> {
  const run = await store.getRun(id);
  if (!run) throw new UserError('store.not-found', `no ${role} run with id ${id} in this store`, {}, 'list runs with `refinery runs list`');
  const [cells, rows] = await Promise.all([store.listCells(run.id), run.datasetId ? store.getDatasetRows(run.datasetId) : Promise.resolve([])]);
  return { run, cells, rows };
}

function gateOf(args: Pick<CliArgs, 'failOnRegression' | 'failOnAnyRegression'>): RegressionGate {
  if (args.failOnAnyRegression) return 'any';
  return args.failOnRegression ? 'significant' : 'none';
}

/** Two runs, or two models of one run (`--model A --model B`), and the rows of the current side. */
async function comparison(store: Store, args: CliArgs, io: CliIO, alpha: number): Promise<{ result: RunComparison; rows: DatasetRowRecord[] }> {
  const [runId = '', baselineId] = args.positional;
  const current = await loadSide(store, runId, 'current');
  if (baselineId === undefined) {
    const [modelA = '', modelB = ''] = args.models;
    const ran = current.run.models.map(modelIdOf);
    for (const model of [modelA, modelB]) {
      if (!ran.includes(model)) throw new UserError('cli.usage', `run ${current.run.id} did not run ${model}`, {}, `it ran: ${ran.join(', ')}`);
    }
    return { result: compareModelsInRun(current, modelA, modelB, { alpha }), rows: current.rows };
  }
  const baseline = await loadSide(store, baselineId, 'baseline');
  if (current.run.promptId !== baseline.run.promptId) {
    io.stderr.write('warning: the two runs are of different prompts; cells are matched by model and dataset row anyway\n');
  }
  return { result: compareRuns(current, baseline, { alpha }), rows: current.rows };
}

/**
 * `refinery compare RUN BASELINE`: the per-model deltas, each model's paired tests and verdict,
 * the regressed cells; exit 1 on a significant regression (`--fail-on-regression`) or on any
 * (`--fail-on-any-regression`).
 */
export async function compareCommand(args: CliArgs, io: CliIO): Promise<number> {
  const store = await openCliStore(args, io.env);
  try {
    const alpha = args.alpha ?? DEFAULT_ALPHA;
    const { result, rows } = await comparison(store, args, io, alpha);
    const gate = gateOf(args);
    if (gate !== 'none') {
      if (!result.checks.current) throw nothingToGateOn('current', result.runId);
      if (!result.checks.baseline) throw nothingToGateOn('baseline', result.baselineId);
    }
    io.stdout.write(`${formatComparison(result)}\n`);
    let pairwise: { summary: PairwiseSummary; grader: string } | undefined;
    if (args.pairwise) {
      const summary = await pairwiseCommand(args, io, store, result, rows, alpha);
      if (!summary) return 0; // --estimate
      pairwise = { summary, grader: args.pairwise };
    }
    const problems = result.significance.models.flatMap((m) => modelGateFailure(result, m.modelId, gate) ?? []);
    if (args.junit) {
      await writeFile(args.junit, compareJunitXml(result, gate));
      io.stdout.write(`wrote JUnit XML to ${args.junit}\n`);
    }
    if (await appendCompareStepSummary(io.env, result, problems, pairwise)) io.stdout.write('appended the comparison to $GITHUB_STEP_SUMMARY\n');
    if (problems.length > 0) {
      for (const problem of problems) io.stderr.write(`${problem}\n`);
      return 1;
    }
    if (gate === 'significant' && result.regressions > 0) {
      io.stderr.write(
        `${result.regressions} cell${result.regressions === 1 ? '' : 's'} regressed, but no model's pass rate dropped significantly at ${alpha}: not failing (--fail-on-any-regression fails on any regressed cell)\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
