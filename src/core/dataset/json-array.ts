import { readFile } from 'node:fs/promises';
import { visit } from 'jsonc-parser';
import { UserError } from '../errors';
import { inBatches } from './batching';
import { fileReadError, inspectDatasetFile } from './file-access';
import { parseJsonOrThrow } from './json-syntax';
import { ColumnCollector, describeJsonValue, isJsonObject } from './json-kind';
import type { DatasetRow, DatasetSource } from './types';

const ARRAY_EXAMPLE = '[{"ticket": "…", "label": "…"}, …]';

interface ParsedJsonDataset {
  columns: string[];
  rows: DatasetRow[];
}

/** 1-based line where each item of the top-level array starts (the text must be valid JSON). */
function itemStartLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  const enter = (_offset: number, _length: number, startLine: number): boolean => {
    depth += 1;
    if (depth !== 2) return true;
    lines.push(startLine + 1);
    return false; // the item's insides need no callbacks
  };
  const leave = () => {
    depth -= 1;
  };
  visit(text, {
    onArrayBegin: enter,
    onObjectBegin: enter,
    onArrayEnd: leave,
    onObjectEnd: leave,
    onLiteralValue(_value, _offset, _length, startLine) {
      if (depth === 1) lines.push(startLine + 1);
    },
  });
  return lines;
}

/** Points at a key holding the real rows, e.g. {"rows": [...]} or {"data": [...]}. */
function nestedRowsHint(value: unknown): string {
  if (!isJsonObject(value)) return '';
  const key = Object.keys(value).find((k) => {
    const inner = value[k];
    return Array.isArray(inner) && inner.length > 0 && inner.every(isJsonObject);
  });
  return key === undefined ? '' : ` — the rows look like they are under "${key}": make that array the whole file`;
}

async function readJsonText(path: string, maxBytes: number): Promise<string> {
  const { size } = await inspectDatasetFile(path);
  if (size > maxBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw new UserError(
      'dataset.too-large',
      `the JSON dataset is ${mb(size)}, above the ${mb(maxBytes)} limit for JSON arrays (they are parsed whole)`,
      { file: path },
      'convert it to JSONL (one object per line, .jsonl), which is streamed and has no size limit',
    );
  }
  try {
    const text = await readFile(path, 'utf8');
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch (error) {
    throw fileReadError(path, error);
  }
}

export async function readJsonDataset(path: string, maxBytes: number): Promise<ParsedJsonDataset> {
  const text = await readJsonText(path, maxBytes);
  if (text.trim() === '') {
    throw new UserError('dataset.empty', 'the JSON file is empty', { file: path, line: 1 }, `write an array of objects, one per row: ${ARRAY_EXAMPLE}`);
  }
  const value = parseJsonOrThrow(text, { file: path }, `fix the JSON syntax there; a JSON dataset is an array of objects: ${ARRAY_EXAMPLE}`);
  if (!Array.isArray(value)) {
    throw new UserError(
      'dataset.json',
      `expected an array of objects at the top level, found ${describeJsonValue(value)}${nestedRowsHint(value)}`,
      { file: path, line: 1 },
      `make the file an array with one object per row: ${ARRAY_EXAMPLE}`,
    );
  }
  if (value.length === 0) {
    throw new UserError('dataset.empty', 'the JSON array has no items', { file: path, line: 1 }, `add one object per row: ${ARRAY_EXAMPLE}`);
  }
  const lines = itemStartLines(text);
  const collector = new ColumnCollector();
  const rows: DatasetRow[] = value.map((item: unknown, index) => {
    const line = lines[index] ?? 1;
    if (!isJsonObject(item)) {
      throw new UserError(
        'dataset.json',
        `item ${index + 1} of the array is ${describeJsonValue(item)}, but every item must be an object (one key per column)`,
        { file: path, line },
        `replace it with an object such as {"ticket": "…"}, or remove it`,
      );
    }
    collector.add(item);
    return { index, line, data: item };
  });
  const columns = collector.columns;
  if (columns.length === 0) {
    throw new UserError('dataset.empty', 'every object in the JSON array is empty, so there are no columns', { file: path, line: 1 }, `give the objects keys, one per column: ${ARRAY_EXAMPLE}`);
  }
  return { columns, rows };
}

export async function openJson(path: string, maxBytes: number): Promise<DatasetSource> {
  const { columns } = await readJsonDataset(path, maxBytes);
  return {
    path,
    format: 'json',
    columns,
    async *batches(batchSize) {
      const { rows } = await readJsonDataset(path, maxBytes);
      yield* inBatches(rows, batchSize);
    },
  };
}
