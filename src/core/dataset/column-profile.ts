import type { JsonValue } from '../model';

export type ColumnType = 'integer' | 'number' | 'boolean' | 'date' | 'text' | 'json' | 'empty';

export interface ColumnProfile {
  name: string;
  /** The one kind every non-empty value has (integers with decimals make `number`); `text` when they differ. */
  type: ColumnType;
  /** Values that are missing, null, or blank text. */
  empty: number;
}

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BOOLEAN = /^(true|false)$/i;

/** The kind of one value; CSV cells are text, so text that reads as a number, boolean or date counts as one. */
function kindOf(value: JsonValue | undefined): ColumnType {
  if (value === undefined || value === null) return 'empty';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'json';
  const text = value.trim();
  if (text === '') return 'empty';
  if (INTEGER.test(text)) return 'integer';
  if (NUMBER.test(text)) return 'number';
  if (BOOLEAN.test(text)) return 'boolean';
  if (DATE.test(text) && !Number.isNaN(Date.parse(text))) return 'date';
  return 'text';
}

function combine(a: ColumnType, b: ColumnType): ColumnType {
  if (a === 'empty') return b;
  if (b === 'empty' || a === b) return a;
  if ((a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')) return 'number';
  return 'text';
}

/** A type guess and an empty-value count per column, over the rows given (a preview's, typically). */
export function profileColumns(columns: readonly string[], rows: ReadonlyArray<Record<string, JsonValue>>): ColumnProfile[] {
  return columns.map((name) => {
    let type: ColumnType = 'empty';
    let empty = 0;
    for (const row of rows) {
      const kind = kindOf(row[name]);
      if (kind === 'empty') empty += 1;
      else type = combine(type, kind);
    }
    return { name, type, empty };
  });
}
