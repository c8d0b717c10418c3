import { modelIdOf } from '../core/run';
import type { CellRecord, DatasetRowRecord, RunRecord } from '../store/types';

const escapeXml = (text: string): string =>
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

/**
 * JUnit XML for CI: one testsuite per model, one testcase per cell (named by dataset row). An
 * errored cell is an <error>, a cell that failed a grader or assertion a <failure> naming them.
 */
export function junitXml(run: RunRecord, cells: CellRecord[], rows: DatasetRowRecord[]): string {
  const rowIndexById = new Map(rows.map((r) => [r.id, r.rowIndex]));
  const suites = run.models.map((runModel) => {
    const modelId = modelIdOf(runModel);
    const own = cells
      .filter((c) => c.runModelId === runModel.id)
      .map((cell) => ({ cell, rowIndex: cell.datasetRowId === null ? null : (rowIndexById.get(cell.datasetRowId) ?? null) }))
      .sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    const errors = own.filter(({ cell }) => cell.status === 'failed').length;
    const failures = own.filter(({ cell }) => cell.status === 'completed' && cell.gradePass === false).length;
    const cases = own.map(({ cell, rowIndex }) => {
      const name = rowIndex === null ? 'prompt' : `row ${rowIndex}`;
      const time = ((cell.latencyMs ?? 0) / 1000).toFixed(3);
      const open = `    <testcase classname="${escapeXml(modelId)}" name="${name}" time="${time}"`;
      if (cell.status === 'failed') {
        const text = escapeXml(cell.errorText ?? 'error');
        return `${open}>\n      <error message="${text}">${text}</error>\n    </testcase>`;
      }
      if (cell.gradePass === false) {
        const text = escapeXml(failureReasons(cell));
        return `${open}>\n      <failure message="${text}">${text}</failure>\n    </testcase>`;
      }
      return `${open}/>`;
    });
    const time = (own.reduce((sum, { cell }) => sum + (cell.latencyMs ?? 0), 0) / 1000).toFixed(3);
    return [
      `  <testsuite name="${escapeXml(modelId)}" tests="${own.length}" failures="${failures}" errors="${errors}" time="${time}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const total = cells.length;
  const failures = cells.filter((c) => c.status === 'completed' && c.gradePass === false).length;
  const errors = cells.filter((c) => c.status === 'failed').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="refinery run ${escapeXml(run.id)}" tests="${total}" failures="${failures}" errors="${errors}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
