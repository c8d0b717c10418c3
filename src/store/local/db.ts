/**
 * What the local store's queries run on: the in-process PGlite (in the store host), or a client
 * of that host over its socket (`WireDatabase`), or a transaction of either. Store methods are
 * written against these two interfaces only, so they run unchanged on both.
 */
export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

/** Runs several statements as one transaction, for the operations that need them. */
export interface TransactionRunner {
  transaction<T>(callback: (tx: Queryable) => Promise<T>): Promise<T>;
}

export type Database = Queryable & TransactionRunner;

/** Rows of a query, as `unknown`: every row is validated by `rows.ts` before use. */
export async function queryRows(db: Queryable, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const result = await db.query<unknown>(sql, params);
  return result.rows;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from callers (webview messages, CLI arguments); a malformed one matches nothing. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
