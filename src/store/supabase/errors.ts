/**
 * Errors of the Supabase store: what went wrong, in words a user can act on. supabase-js
 * returns errors as values (PostgREST, Storage, Auth each with their own shape); `storeError`
 * turns any of them into one `SupabaseStoreError`.
 */
import { z } from 'zod';
import { isUserError, UserError, type UserErrorCode } from '../../core/errors';

export type SupabaseStoreErrorKind = 'unreachable' | 'denied' | 'not-found' | 'conflict' | 'server' | 'invalid';

const CODES: Record<SupabaseStoreErrorKind, UserErrorCode> = {
  unreachable: 'store.unreachable',
  denied: 'store.denied',
  'not-found': 'store.not-found',
  conflict: 'store.conflict',
  server: 'store.server',
  invalid: 'store.server',
};

export class SupabaseStoreError extends UserError {
  constructor(
    readonly kind: SupabaseStoreErrorKind,
    message: string,
    fix: string,
    /** True when the same call may succeed later (network down, server busy). */
    readonly retryable: boolean,
  ) {
    super(CODES[kind], message, {}, fix);
  }
}

/** By shape, not `instanceof`: the sync engine and the store may live in different bundles. */
export function isRetryable(error: unknown): boolean {
  return isUserError(error) && (error as { retryable?: unknown }).retryable === true;
}

/** What PostgREST, Storage and Auth errors have in common, all fields optional. */
const apiError = z.looseObject({
  message: z.string().optional(),
  code: z.union([z.string(), z.number()]).optional(),
  details: z.unknown().optional(),
  hint: z.unknown().optional(),
  status: z.number().optional(),
  statusCode: z.union([z.string(), z.number()]).optional(),
  name: z.string().optional(),
});

const NETWORK = /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up|network|other side closed/i;

function causeText(error: unknown): string {
  if (!(error instanceof Error)) return '';
  const cause: unknown = error.cause;
  return `${error.message} ${cause instanceof Error ? `${cause.message} ${causeText(cause)}` : ''}`;
}

/**
 * `action` says what the store was doing ("save cells", "upload the dataset file"); `status`
 * is the HTTP status when the caller has it (PostgREST responses carry it beside the error).
 */
export function storeError(action: string, error: unknown, status?: number): SupabaseStoreError {
  if (error instanceof SupabaseStoreError) return error;
  const parsed = apiError.safeParse(error);
  const e = parsed.success ? parsed.data : {};
  const message = e.message ?? (error instanceof Error ? error.message : String(error));
  const code = e.code === undefined ? '' : String(e.code);
  const httpStatus = status ?? e.status ?? (e.statusCode === undefined ? undefined : Number(e.statusCode));
  const text = `${message} ${code} ${causeText(error)} ${typeof e.details === 'string' ? e.details : ''}`;

  if ((httpStatus === undefined || httpStatus === 0) && NETWORK.test(text)) {
    return new SupabaseStoreError(
      'unreachable',
      `could not ${action}: the Supabase server cannot be reached (${message})`,
      'check the network and the Supabase URL; nothing was lost, the same call can be retried',
      true,
    );
  }
  if (code === '42501' || /row-level security|permission denied/i.test(message) || httpStatus === 403) {
    return new SupabaseStoreError(
      'denied',
      `could not ${action}: not allowed by the project's row level security (${message})`,
      'sign in as the owner of this data; each user can only read and change their own prompts, datasets and runs',
      false,
    );
  }
  if (httpStatus === 401 || code === 'PGRST301' || code === 'PGRST303' || /jwt|token/i.test(code)) {
    return new SupabaseStoreError(
      'denied',
      `could not ${action}: the session was refused (${message})`,
      'sign in again (the session may have expired), or check SUPABASE_ACCESS_TOKEN / the service role key',
      false,
    );
  }
  if (code === '42P01' || code === '42883' || code === 'PGRST202' || code === 'PGRST205') {
    return new SupabaseStoreError(
      'invalid',
      `could not ${action}: the Supabase project lacks Prompt Refinery's schema (${message})`,
      'apply the Prompt Refinery migrations to the project with `supabase db push` (README: "Use with Supabase")',
      false,
    );
  }
  if (code === 'P0002' || httpStatus === 404) {
    return new SupabaseStoreError('not-found', `could not ${action}: ${message}`, 'refresh and try again; it may have been deleted', false);
  }
  if (code === '23505' || code === '23503' || httpStatus === 409) {
    return new SupabaseStoreError('conflict', `could not ${action}: ${message}`, 'refresh and try again', false);
  }
  if (httpStatus === 413) {
    return new SupabaseStoreError(
      'invalid',
      `could not ${action}: ${message}`,
      "the file is larger than the project's Storage upload limit; raise it under Storage → Settings, or split the dataset",
      false,
    );
  }
  const busy = httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429);
  return new SupabaseStoreError(
    busy ? 'server' : 'invalid',
    `could not ${action}: ${message}${code ? ` (${code})` : ''}`,
    busy ? 'the server had a problem; try again in a moment' : 'report this with the message above',
    busy,
  );
}

interface ApiResult {
  data: unknown;
  error: unknown;
  status?: number;
}

/**
 * Throws the mapped error when a supabase-js result carries one; returns its data otherwise,
 * as `unknown`: the caller validates it (rows.ts, zod).
 */
export function unwrap(action: string, result: ApiResult): unknown {
  if (result.error) throw storeError(action, result.error, result.status);
  return result.data;
}

/** `unwrap` for a query that returns rows. */
export function unwrapRows(action: string, result: ApiResult): unknown[] {
  const data = unwrap(action, result);
  if (data === null) return [];
  if (!Array.isArray(data)) throw storeError(action, new Error(`expected rows, got ${typeof data}`));
  return data as unknown[];
}
