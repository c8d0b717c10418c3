export interface GraderVariableOptions {
  /** The dataset column holding the reference answer; default `expected`. */
  expectedColumn?: string;
}

/**
 * The variables a grader prompt renders with: every column of the row, plus `{{output}}` (the
 * model's answer) and `{{expected}}` (the expected column, or '' when the row has none).
 * These two names are reserved: a dataset column called `output` is shadowed by the model's
 * output, and with a custom `expectedColumn` a column called `expected` is shadowed by it.
 * Rename such a column in the dataset to reach it from a grader.
 */
export function graderVariables(
  row: Record<string, unknown>,
  output: string,
  options: GraderVariableOptions = {},
): Record<string, unknown> {
  const expectedColumn = options.expectedColumn ?? 'expected';
  const expected = Object.hasOwn(row, expectedColumn) ? (row[expectedColumn] ?? '') : '';
  return { ...row, output, expected };
}
