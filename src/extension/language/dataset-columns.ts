import { stat } from 'node:fs/promises';
import { openDataset } from '../../core/dataset';
import { isUserError } from '../../core/errors';
import type { DatasetColumnsResult } from './lint-source-types';

export type DatasetColumnsReader = (path: string) => Promise<DatasetColumnsResult>;

interface CachedColumns {
  mtimeMs: number;
  size: number;
  result: DatasetColumnsResult;
}

/**
 * Reads a dataset's columns for diagnostics, once per version of the file: lint runs on
 * every pause in typing, the dataset changes rarely (a stat per lint, a read per change).
 */
export function createDatasetColumnsReader(): DatasetColumnsReader {
  const cache = new Map<string, CachedColumns>();
  return async (path) => {
    let info;
    try {
      info = await stat(path);
    } catch {
      cache.delete(path);
      return { kind: 'missing' };
    }
    if (!info.isFile()) return { kind: 'missing' };
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.result;
    const result = await readColumns(path);
    cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, result });
    return result;
  };
}

async function readColumns(path: string): Promise<DatasetColumnsResult> {
  try {
    const source = await openDataset(path);
    return { kind: 'columns', columns: source.columns };
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { kind: 'unreadable', message: error.message, line: error.location.line, fix: error.fix };
  }
}
