import { UserError } from '../errors';
import { editDistance } from './edit-distance';

/** Lower-case and without separators, so `Ticket`, `ticket_text` and `ticketText` compare equal to their look-alikes. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]/g, '');
}

/**
 * The column a user most likely meant for `placeholder`: same name ignoring case and separators,
 * or within edit distance 2 (and closer than the shorter name is long, so `id` never suggests `ab`).
 */
export function suggestColumn(placeholder: string, columns: readonly string[]): string | undefined {
  const wanted = normalize(placeholder);
  const exactish = columns.find((column) => normalize(column) === wanted);
  if (exactish !== undefined) return exactish;
  let best: { column: string; distance: number } | undefined;
  for (const column of columns) {
    const candidate = normalize(column);
    const distance = editDistance(wanted, candidate);
    if (distance > 2 || distance >= Math.min(wanted.length, candidate.length)) continue;
    if (best === undefined || distance < best.distance) best = { column, distance };
  }
  return best?.column;
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

/**
 * Throws `dataset.missing-columns` when the dataset has no column for some placeholder the prompt
 * needs, naming exactly those placeholders, the columns the dataset has, and near-miss renames.
 */
export function checkDatasetColumns(required: string[], dataset: { path: string; columns: string[] }, promptFile: string): void {
  const available = new Set(dataset.columns);
  const missing = [...new Set(required)].filter((name) => !available.has(name));
  if (missing.length === 0) return;

  // A column that already fills another placeholder is not offered as a rename.
  const used = new Set(required.filter((name) => available.has(name)));
  const free = dataset.columns.filter((column) => !used.has(column));
  const renames = missing.flatMap((placeholder) => {
    const column = suggestColumn(placeholder, free);
    return column === undefined ? [] : [{ placeholder, column }];
  });

  const hints = renames.map(({ placeholder, column }) => `column "${column}" looks like {{${placeholder}}}`);
  const message =
    `the dataset ${dataset.path} has no column for ${missing.map((name) => `{{${name}}}`).join(', ')}; ` +
    `its columns are ${dataset.columns.length > 0 ? quoteList(dataset.columns) : '(none)'}` +
    (hints.length > 0 ? ` (${hints.join('; ')})` : '');

  const renameFix = renames.length > 0
    ? `rename ${renames.map(({ placeholder, column }) => `column "${column}" to "${placeholder}"`).join(' and ')} in ${dataset.path}`
    : `add ${missing.length === 1 ? 'a column' : 'columns'} ${quoteList(missing)} to ${dataset.path}`;
  const fix = `${renameFix}, or give ${missing.length === 1 ? 'it a default' : 'them defaults'} under \`input.default\`, or mark ${missing.length === 1 ? 'it' : 'them'} optional (\`${missing[0] ?? ''}?: string\`) in \`input.schema\``;

  throw new UserError('dataset.missing-columns', message, { file: promptFile }, fix);
}
