import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError } from '../errors';
import { inBatches } from './batching';
import { fileReadError } from './file-access';
import { ColumnCollector, describeJsonValue, isJsonObject } from './json-kind';
import { parseJsonOrThrow } from './json-syntax';
import type { DatasetRow, DatasetSource } from './types';

const LINE_FIX = 'write one JSON object per line, e.g. {"ticket": "…", "label": "…"}';

/** Streams the objects of a JSONL file line by line; blank lines are skipped. */
async function* readJsonlRows(path: string): AsyncGenerator<DatasetRow> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let index = 0;
  try {
    for await (const rawLine of lines) {
      lineNumber += 1;
      const text = lineNumber === 1 && rawLine.startsWith('\uFEFF') ? rawLine.slice(1) : rawLine;
      if (text.trim() === '') continue;
      const value = parseJsonOrThrow(text, { file: path, line: lineNumber }, LINE_FIX);
      if (!isJsonObject(value)) {
        throw new UserError(
          'dataset.json',
          `line ${lineNumber} holds ${describeJsonValue(value)}, but each line of a JSONL dataset must be one object`,
          { file: path, line: lineNumber },
          LINE_FIX,
        );
      }
      yield { index, line: lineNumber, data: value };
      index += 1;
    }
  } catch (error) {
    throw fileReadError(path, error);
  } finally {
    lines.close();
    input.destroy();
  }
}

/** JSONL columns are the union of keys over all lines, so opening reads (and validates) the whole file once. */
export async function openJsonl(path: string): Promise<DatasetSource> {
  const collector = new ColumnCollector();
  let rowCount = 0;
  for await (const row of readJsonlRows(path)) {
    collector.add(row.data);
    rowCount += 1;
  }
  if (rowCount === 0) {
    throw new UserError('dataset.empty', 'the JSONL file has no rows', { file: path, line: 1 }, LINE_FIX);
  }
  const columns = collector.columns;
  if (columns.length === 0) {
    throw new UserError('dataset.empty', 'every object in the JSONL file is empty, so there are no columns', { file: path, line: 1 }, LINE_FIX);
  }
  return {
    path,
    format: 'jsonl',
    columns,
    batches: (batchSize) => inBatches(readJsonlRows(path), batchSize),
  };
}
