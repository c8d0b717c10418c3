/**
 * A `Database` that is a client of the store host over its socket, on the `postgres` package.
 * Values come back as PGlite gives them (the store's row parsers were written against PGlite):
 * `int8` as a number, `jsonb` parsed, and a string passed for a `jsonb` parameter taken as
 * JSON text, not as a JSON string.
 */
import postgres from 'postgres';
import type { Database, Queryable, QueryResult } from '../db';

type Sql = postgres.Sql;
type Parameters = postgres.ParameterOrJSON<never>[];

const TYPES = {
  json: {
    to: 114,
    from: [114, 3802],
    serialize: (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value)),
    parse: (text: string): unknown => JSON.parse(text),
  },
  int8: { to: 20, from: [20], serialize: (value: unknown): string => String(value), parse: (text: string): number => Number(text) },
};

export function connectWire(endpoint: string): Sql {
  return postgres({
    path: endpoint,
    // the host serves one session: more connections would only queue there
    max: 1,
    // statements stay unnamed: the session is shared, and a restarted host has none of them
    prepare: false,
    ssl: false,
    // no pg_type query at connect (about 45 ms): arrays are sent as array literals (see `run`)
    fetch_types: false,
    username: 'postgres',
    database: 'postgres',
    idle_timeout: 0,
    connect_timeout: 5,
    onnotice: () => undefined,
    connection: { application_name: 'refinery' },
    types: TYPES,
  });
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** Outcome of a failed call: never reached the host (safe to try again), or unknown. */
export function neverReachedHost(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'CONNECT_TIMEOUT' || code === 'EPIPE';
}

/** The connection broke under a call: the host may have died (whether the call ran is unknown). */
function connectionLost(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ECONNRESET' || code === 'CONNECTION_CLOSED' || code === 'CONNECTION_ENDED' || code === 'CONNECTION_DESTROYED';
}

/** How often a call that never reached a host (or a read that lost it) is tried, each after `ensureHost`. */
const HOST_ATTEMPTS = 4;

/** A statement that only reads: running it twice changes nothing. */
const READ_ONLY = /^\s*select\b/i;

export class WireDatabase implements Database {
  constructor(
    private readonly sql: Sql,
    /** Called when the host could not be reached: brings one up (or waits for one), or throws. */
    private readonly ensureHost: () => Promise<void>,
  ) {}

  query<T>(text: string, params: unknown[] = []): Promise<QueryResult<T>> {
    return this.reachingHost(() => run<T>(this.sql, text, params), READ_ONLY.test(text));
  }

  transaction<T>(callback: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.reachingHost(async () => {
      const result = await this.sql.begin((tx) => callback({ query: (text, params = []) => run(tx, text, params) }));
      return result as T;
    }, false);
  }

  end(): Promise<void> {
    return this.sql.end({ timeout: 5 });
  }

  /**
   * A call that never reached the host, or a read whose connection broke, is retried after
   * `ensureHost` (up to `HOST_ATTEMPTS` tries); any other error is the caller's (a write may have committed before the host died: the
   * cell writer's upserts are retried by the writer). A broken connection starts the replacement
   * of a dead host at once, before the caller's next call.
   */
  private async reachingHost<T>(call: () => Promise<T>, readOnly: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const lost = connectionLost(error);
        if (lost && !readOnly) {
          this.ensureHost().catch(() => undefined);
          throw error;
        }
        // a replacement host may still be starting (or lose the lock to another candidate): ask again
        if (!(lost || neverReachedHost(error)) || attempt >= HOST_ATTEMPTS) throw error;
        await this.ensureHost();
      }
    }
  }
}

/**
 * Arrays go as Postgres array literals, untyped, so the server's type for the parameter
 * (`$3::boolean[]`) reads them: postgres.js would type an array of booleans (or dates) as one
 * boolean (or date), and without its type query it has no array serializers at all.
 */
async function run<T>(sql: Sql | postgres.TransactionSql, text: string, params: unknown[]): Promise<QueryResult<T>> {
  const values = params.map((value) => (Array.isArray(value) ? arrayLiteral(value) : value));
  const rows = await sql.unsafe(text, values as Parameters);
  return { rows: rows as unknown as T[] };
}

/** `{"a","b",NULL}`: every element quoted (so any text is safe), objects as JSON. */
export function arrayLiteral(values: readonly unknown[]): string {
  const element = (value: unknown): string => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return arrayLiteral(value);
    const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  };
  return `{${values.map(element).join(',')}}`;
}
