/**
 * The CLI's gates on a finished run: `--fail-under` and `--max-ungraded` (default: no ungraded
 * cell). Each failing gate gives one message; the run then exits 1.
 */
import { UserError } from '../core/errors';
import { modelIdOf } from '../core/run';
import { cellOutcome, runHasChecks, ungradedReason } from '../core/stats';
import type { CellMetrics, CellRecord, RunRecord } from '../core/model';
import type { CliArgs } from './args';
import { failUnderProblem } from './fail-under';
import { exceedsMaxUngraded, maxUngradedMessage, NO_UNGRADED } from './max-ungraded';

const NOTHING_TO_GATE_ON = 'nothing to gate on: add refinery.graders or refinery.assert';
const EXAMPLE_LENGTH = 300;

/** `--fail-under` on a prompt with no grader and no assertion is a usage error, checked before any call. */
export function requireSomethingToGate(args: Pick<CliArgs, 'failUnder'>, checks: { graders: number; assertions: number }): void {
  if (args.failUnder === undefined || checks.graders > 0 || checks.assertions > 0) return;
  throw new UserError(
    'cli.usage',
    `${NOTHING_TO_GATE_ON}: --fail-under needs a grader or an assertion to pass or fail a cell`,
    {},
    'add `refinery.graders: [graders/x.prompt]` or `refinery.assert: [...]` to the prompt (or pass --grader), or drop --fail-under',
  );
}

/** The same refusal for compare's `--fail-on-regression`, naming the run that has nothing to compare. */
export function nothingToGateOn(role: string, runId: string): UserError {
  return new UserError(
    'cli.usage',
    `${NOTHING_TO_GATE_ON}: the ${role} run ${runId} has no grader or assertion, so no cell can pass, let alone regress`,
    {},
    'compare runs of a prompt with refinery.graders or refinery.assert, or drop --fail-on-regression',
  );
}

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, '; ');
  return line.length <= EXAMPLE_LENGTH ? line : `${line.slice(0, EXAMPLE_LENGTH - 1)}…`;
}

export async function gateProblems(
  run: RunRecord,
  cells: readonly CellMetrics[],
  args: Pick<CliArgs, 'failUnder' | 'maxUngraded'>,
  allCells: () => Promise<CellRecord[]>,
): Promise<string[]> {
  const checked = runHasChecks(run, cells);
  const problems: string[] = [];
  if (args.failUnder !== undefined && checked) {
    const problem = failUnderProblem(cells, args.failUnder);
    if (problem) problems.push(problem);
  }
  const limit = args.maxUngraded ?? NO_UNGRADED;
  const ungraded = cells.filter((cell) => cellOutcome(cell, { checked }) === 'ungraded').length;
  if (exceedsMaxUngraded(ungraded, cells.length, limit)) {
    const example = (await allCells()).find((cell) => cellOutcome(cell, { checked }) === 'ungraded');
    const model = run.models.find((m) => m.id === example?.runModelId);
    const where = model ? `${modelIdOf(model)}: ` : '';
    const sample = example ? `${where}${oneLine(ungradedReason(example))}` : 'no reason recorded';
    problems.push(`${maxUngradedMessage(ungraded, cells.length, limit, sample)}\n  if the judge was only unavailable, grade them again with: refinery run --resume ${run.id} --failed`);
  }
  return problems;
}
