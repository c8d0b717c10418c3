import type { DatasetRowRecord } from './types';

/**
 * Reads dataset rows page by page, for both stores: the first page skips `offset` rows, the
 * ones after continue from the last `rowIndex` read (an index range, however deep), until
 * `limit` rows or the end.
 */
export async function readDatasetRowPages(
  options: { offset?: number; limit?: number },
  pageSize: number,
  readPage: (afterIndex: number, skip: number, wanted: number) => Promise<DatasetRowRecord[]>,
): Promise<DatasetRowRecord[]> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const rows: DatasetRowRecord[] = [];
  let afterIndex = -1;
  let skip = options.offset ?? 0;
  while (rows.length < limit) {
    const wanted = Math.min(pageSize, limit - rows.length);
    const page = await readPage(afterIndex, skip, wanted);
    rows.push(...page);
    const last = page[page.length - 1];
    if (page.length < wanted || last === undefined) break;
    afterIndex = last.rowIndex;
    skip = 0;
  }
  return rows;
}
