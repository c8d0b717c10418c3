import { UserError } from '../core/errors';
import { openLocalStore } from '../store/local/open';
import { defaultLocalDataDir, expandHome } from '../store/local/paths';
import type { SupabaseStoreOptions } from '../store/supabase';
import type { Store } from '../core/ports/store';
import type { CliArgs } from './args';

/** The folder the extension uses too (unless its `refinery.localStorePath` says otherwise). */
export function defaultStoreDir(env: NodeJS.ProcessEnv): string {
  return defaultLocalDataDir(env);
}

function missing(variable: string, why: string): UserError {
  return new UserError('store.config', `--store supabase needs ${variable} in the environment (${why})`, {}, `set ${variable}; see \`refinery --help\``);
}

function required(env: NodeJS.ProcessEnv, variable: string, why: string): string {
  const value = env[variable]?.trim();
  if (!value) throw missing(variable, why);
  return value;
}

/**
 * The Supabase store's settings from the environment, for CI. Either a signed-in user's
 * access token (SUPABASE_ACCESS_TOKEN; rows are theirs through row level security), or the
 * service role key acting for REFINERY_OWNER_ID: it bypasses row level security, so the store
 * writes owner_id = that user on every row and reads only rows with that owner_id. The
 * values are never printed.
 */
export function supabaseOptionsFromEnv(env: NodeJS.ProcessEnv): SupabaseStoreOptions {
  const url = required(env, 'SUPABASE_URL', 'the project URL, e.g. https://abcd.supabase.co');
  const accessToken = env.SUPABASE_ACCESS_TOKEN?.trim();
  if (accessToken) {
    const anonKey = required(env, 'SUPABASE_ANON_KEY', "the project's anon (publishable) key");
    return { url, anonKey, auth: { kind: 'access-token', accessToken } };
  }
  const serviceRoleKey = env.SUPABASE_SERVICE_ROLE_KEY?.trim();
  if (serviceRoleKey) {
    const ownerId = required(env, 'REFINERY_OWNER_ID', 'the id of the user whose runs these are; the service role acts for them');
    return { url, anonKey: env.SUPABASE_ANON_KEY?.trim() ?? '', auth: { kind: 'service-role', serviceRoleKey, ownerId } };
  }
  throw missing('SUPABASE_ACCESS_TOKEN', "a signed-in user's access token; or SUPABASE_SERVICE_ROLE_KEY with REFINERY_OWNER_ID");
}

export async function openCliStore(args: Pick<CliArgs, 'store' | 'storeDir'>, env: NodeJS.ProcessEnv): Promise<Store> {
  if (args.store === 'supabase') {
    const options = supabaseOptionsFromEnv(env);
    // Loaded only here: supabase-js and what it pulls in (Node's fetch, http2, workers…) cost
    // a local run a third of its start-up, and warn about the Node version as they load.
    const { openSupabaseStore } = await import('../store/supabase');
    return openSupabaseStore(options);
  }
  return openLocalStore({ dataDir: args.storeDir === undefined ? defaultStoreDir(env) : expandHome(args.storeDir) });
}

/** Opens the store the flags name, does `work` with it, and closes it whatever happens. */
export async function withStore<T>(args: CliArgs, env: NodeJS.ProcessEnv, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openCliStore(args, env);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
