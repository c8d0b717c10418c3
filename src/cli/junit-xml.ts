import { modelIdOf } from '../core/run';
import { cellOutcome, runHasChecks, ungradedReason, type CellOutcome } from '../core/stats';
import type { CellRecord, DatasetRowRecord, RunRecord } from '../core/model';

export const escapeXml = (text: string): string =>
  text
    // Characters XML 1.0 cannot hold at all (model output may contain them).
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** Why a completed cell failed: each failing grader or assertion with its reason. */
function failureReasons(cell: CellRecord): string {
  const failing = cell.grades.filter((g) => g.pass === false).map((g) => `${g.grader}: ${g.reason}`);
  return failing.length > 0 ? failing.join('\n') : (cell.gradeReason ?? 'failed grading');
}

type Tally = Record<'errors' | 'failures' | 'skipped', number>;

/** The testcase's child element for an outcome, and the tally it counts in (none for a pass). */
function verdictElement(cell: CellRecord, outcome: CellOutcome): { xml: string; counts: keyof Tally } | null {
  switch (outcome) {
    case 'passed':
      return null;
    case 'errored': {
      const text = escapeXml(cell.errorText ?? 'error');
      return { xml: `<error type="error" message="${text}">${text}</error>`, counts: 'errors' };
    }
    case 'ungraded': {
      const text = escapeXml(`ungraded: ${ungradedReason(cell)}`);
      return { xml: `<error type="ungraded" message="${text}">${text}</error>`, counts: 'errors' };
    }
    case 'failed': {
      const text = escapeXml(failureReasons(cell));
      return { xml: `<failure message="${text}">${text}</failure>`, counts: 'failures' };
    }
    case 'unchecked':
      return { xml: '<skipped message="no grader or assertion checks this prompt"/>', counts: 'skipped' };
  }
}

/**
 * JUnit XML for CI: one testsuite per model, one testcase per cell (named by dataset row), by the
 * cell's outcome (see `cellOutcome`): an errored cell is an <error>, an ungraded one an <error>
 * of type "ungraded" with the reason (never a pass), a cell that failed a grader or assertion a
 * <failure> naming them, and a cell of a run without checks <skipped>.
 */
export function junitXml(run: RunRecord, cells: CellRecord[], rows: DatasetRowRecord[]): string {
  const checked = runHasChecks(run, cells);
  const rowIndexById = new Map(rows.map((r) => [r.id, r.rowIndex]));
  const total: Tally = { errors: 0, failures: 0, skipped: 0 };
  const suites = run.models.map((runModel) => {
    const modelId = modelIdOf(runModel);
    const own = cells
      .filter((c) => c.runModelId === runModel.id)
      .map((cell) => ({ cell, rowIndex: cell.datasetRowId === null ? null : (rowIndexById.get(cell.datasetRowId) ?? null) }))
      .sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    const tally: Tally = { errors: 0, failures: 0, skipped: 0 };
    const cases = own.map(({ cell, rowIndex }) => {
      const name = rowIndex === null ? 'prompt' : `row ${rowIndex}`;
      const time = ((cell.latencyMs ?? 0) / 1000).toFixed(3);
      const open = `    <testcase classname="${escapeXml(modelId)}" name="${name}" time="${time}"`;
      const verdict = verdictElement(cell, cellOutcome(cell, { checked }));
      if (!verdict) return `${open}/>`;
      tally[verdict.counts]++;
      total[verdict.counts]++;
      return `${open}>\n      ${verdict.xml}\n    </testcase>`;
    });
    const time = (own.reduce((sum, { cell }) => sum + (cell.latencyMs ?? 0), 0) / 1000).toFixed(3);
    return [
      `  <testsuite name="${escapeXml(modelId)}" tests="${own.length}" failures="${tally.failures}" errors="${tally.errors}" skipped="${tally.skipped}" time="${time}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="refinery run ${escapeXml(run.id)}" tests="${cells.length}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
