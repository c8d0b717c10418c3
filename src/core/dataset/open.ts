import { extname } from 'node:path';
import { UserError } from '../errors';
import { openCsv } from './csv';
import { inspectDatasetFile } from './file-access';
import { openJson, readJsonDataset } from './json-array';
import { openJsonl } from './jsonl';
import { DEFAULT_MAX_JSON_BYTES, type DatasetFormat, type DatasetRow, type DatasetSource, type OpenDatasetOptions } from './types';

const FORMAT_BY_EXTENSION: Readonly<Record<string, DatasetFormat>> = {
  '.csv': 'csv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export function datasetFormatOf(path: string): DatasetFormat {
  const extension = extname(path).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (format === undefined) {
    throw new UserError(
      'dataset.read',
      `unsupported dataset file type ${extension === '' ? '(no extension)' : `"${extension}"`}`,
      { file: path },
      'use a .csv file with a header row, a .json file holding an array of objects, or a .jsonl/.ndjson file with one object per line',
    );
  }
  return format;
}

/**
 * Opens a dataset and validates it, reading only what it takes to know the columns
 * (CSV: the header and first row; JSON: the whole array; JSONL: one pass over the lines).
 * Every problem is a UserError with the file, the line where there is one, and a fix.
 */
export async function openDataset(path: string, options: OpenDatasetOptions = {}): Promise<DatasetSource> {
  const format = datasetFormatOf(path);
  await inspectDatasetFile(path);
  switch (format) {
    case 'csv':
      return openCsv(path);
    case 'json':
      return openJson(path, options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES);
    case 'jsonl':
      return openJsonl(path);
  }
}

/** All rows in memory: convenient up to ~100k rows; use `openDataset(...).batches()` beyond. */
export async function loadDataset(
  path: string,
  options: OpenDatasetOptions = {},
): Promise<{ path: string; format: DatasetFormat; columns: string[]; rows: DatasetRow[] }> {
  const format = datasetFormatOf(path);
  if (format === 'json') {
    // Parsed whole anyway: one read instead of open + re-read.
    const { columns, rows } = await readJsonDataset(path, options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES);
    return { path, format, columns, rows };
  }
  const source = await openDataset(path, options);
  const rows: DatasetRow[] = [];
  for await (const batch of source.batches()) rows.push(...batch);
  return { path, format: source.format, columns: source.columns, rows };
}
