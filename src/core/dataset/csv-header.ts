import { UserError } from '../errors';

/**
 * Turns the header record into column names: trimmed, none empty, none repeated.
 * Every problem is listed at once, naming the 1-based column position, so one edit fixes them all.
 */
export function columnsFromHeader(fields: string[], path: string, line: number): string[] {
  const columns = fields.map((field) => field.trim());
  const problems: string[] = [];
  const firstPosition = new Map<string, number>();
  columns.forEach((name, i) => {
    const position = i + 1;
    if (name === '') {
      problems.push(`column ${position} has an empty header`);
      return;
    }
    const earlier = firstPosition.get(name);
    if (earlier === undefined) firstPosition.set(name, position);
    else problems.push(`columns ${earlier} and ${position} are both named "${name}"`);
  });
  if (problems.length > 0) {
    throw new UserError(
      'dataset.headers',
      `bad header row: ${problems.join('; ')}`,
      { file: path, line },
      'give every column a unique, non-empty name in the first row of the CSV',
    );
  }
  return columns;
}
