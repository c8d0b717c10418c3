import type { StoreClient } from './client';

/**
 * What every query of the store needs. Every read filters on `owner_id` and every write sets
 * it: under a user's session row level security would enforce that anyway; under the service
 * role (which bypasses it) this is what keeps the store to one owner's data.
 */
export interface StoreContext {
  readonly client: StoreClient;
  readonly ownerId: string;
}

/**
 * Rows per read request. Supabase caps a response at `max_rows` (1000 by default), so reads
 * page at most that many rows at a time.
 */
export const ROWS_PER_PAGE = 1000;

/** Ids per `in (...)` filter: keeps the query string well under URL length limits. */
export const IDS_PER_FILTER = 100;

/**
 * Reads every page of an ordered query: `page(from, to)` returns rows from..to inclusive.
 * Stops at the first page shorter than asked.
 */
export async function readAllPages<T>(page: (from: number, to: number) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let from = 0; ; from += ROWS_PER_PAGE) {
    const part = await page(from, from + ROWS_PER_PAGE - 1);
    rows.push(...part);
    if (part.length < ROWS_PER_PAGE) return rows;
  }
}
