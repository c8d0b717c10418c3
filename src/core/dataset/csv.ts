import { UserError } from '../errors';
import { inBatches } from './batching';
import { columnsFromHeader } from './csv-header';
import { readCsvRecords, type CsvRecord } from './csv-records';
import type { DatasetRow, DatasetSource } from './types';

/** papaparse reports a blank line as one empty field; lines of only whitespace are skipped too. */
function isBlank(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0]?.trim() === '';
}

function raggedRowError(path: string, record: CsvRecord, columns: string[]): UserError {
  const found = record.fields.length;
  return new UserError(
    'dataset.csv',
    `row has ${found} field${found === 1 ? '' : 's'} but the header has ${columns.length} columns (${columns.join(', ')})`,
    { file: path, line: record.line },
    `give every row exactly ${columns.length} comma-separated fields; quote values that contain commas or line breaks ("like, this")`,
  );
}

/** Reads the header and the first data row only, then stops reading. */
export async function openCsv(path: string): Promise<DatasetSource> {
  let columns: string[] | undefined;
  let headerLine = 1;
  for await (const record of readCsvRecords(path)) {
    if (isBlank(record)) continue;
    if (columns === undefined) {
      columns = columnsFromHeader(record.fields, path, record.line);
      headerLine = record.line;
      continue;
    }
    if (record.fields.length !== columns.length) throw raggedRowError(path, record, columns);
    return csvSource(path, columns);
  }
  if (columns === undefined) {
    throw new UserError('dataset.empty', 'the CSV file is empty', { file: path, line: 1 }, 'add a header row naming the columns, then one row per example');
  }
  throw new UserError(
    'dataset.empty',
    `the CSV file has a header row (${columns.join(', ')}) but no data rows`,
    { file: path, line: headerLine },
    'add one row per example under the header',
  );
}

function csvSource(path: string, columns: string[]): DatasetSource {
  return {
    path,
    format: 'csv',
    columns,
    batches: (batchSize) => inBatches(csvRows(path, columns), batchSize),
  };
}

async function* csvRows(path: string, columns: string[]): AsyncGenerator<DatasetRow> {
  let headerSeen = false;
  let index = 0;
  for await (const record of readCsvRecords(path)) {
    if (isBlank(record)) continue;
    if (!headerSeen) {
      headerSeen = true;
      const current = columnsFromHeader(record.fields, path, record.line);
      if (current.join('\u0000') !== columns.join('\u0000')) {
        throw new UserError(
          'dataset.headers',
          `the header changed since the dataset was opened (was: ${columns.join(', ')}; now: ${current.join(', ')})`,
          { file: path, line: record.line },
          'open the dataset again so its columns are checked against the prompt',
        );
      }
      continue;
    }
    if (record.fields.length !== columns.length) throw raggedRowError(path, record, columns);
    // fromEntries defines own properties, so a column named "__proto__" stays an ordinary key.
    const data = Object.fromEntries(columns.map((column, i) => [column, record.fields[i] ?? '']));
    yield { index, line: record.line, data };
    index += 1;
  }
}
