/** The local Supabase API that scripts/with-supabase-lite.sh started, and users signed up on it. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createStoreClient, openSupabaseStore, type SupabaseStore, type StoreClient } from '../../../src/store/supabase';

const env = z
  .object({
    SUPABASE_TEST_URL: z.url(),
    SUPABASE_TEST_ANON_KEY: z.string().min(1),
    SUPABASE_TEST_SECRET_KEY: z.string().min(1),
    SUPABASE_TEST_DB_URL: z.string().min(1),
    SUPABASE_TEST_PG_URL: z.string().min(1),
  })
  .parse(process.env, { error: () => 'run these tests with `bash scripts/test-supabase.sh` (it starts the server)' });

export const supabaseUrl = env.SUPABASE_TEST_URL;
export const anonKey = env.SUPABASE_TEST_ANON_KEY;
export const secretKey = env.SUPABASE_TEST_SECRET_KEY;
export const databaseUrl = env.SUPABASE_TEST_DB_URL;
export const postgresUrl = env.SUPABASE_TEST_PG_URL;

export interface TestUser {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  /** A plain supabase-js client signed in as the user (queries go straight through RLS). */
  client: StoreClient;
  store: SupabaseStore;
}

/** Signs a new user up (email confirmation is off on the test server) and opens their store. */
export async function signUpUser(name: string): Promise<TestUser> {
  const email = `${name}-${randomUUID().slice(0, 8)}@refinery.test`;
  const client = createStoreClient(supabaseUrl, anonKey);
  const { data, error } = await client.auth.signUp({ email, password: `pw-${randomUUID()}` });
  if (error || !data.session || !data.user) throw new Error(`sign-up of ${email} failed: ${error?.message ?? 'no session'}`);
  const store = await openSupabaseStore({
    url: supabaseUrl,
    anonKey,
    auth: { kind: 'session', accessToken: data.session.access_token, refreshToken: data.session.refresh_token },
  });
  return { id: data.user.id, email, accessToken: data.session.access_token, refreshToken: data.session.refresh_token, client, store };
}

/** The service role: bypasses row level security, to look at what really is in the project. */
export function serviceClient(): StoreClient {
  return createStoreClient(supabaseUrl, secretKey);
}

export function anonClient(): StoreClient {
  return createStoreClient(supabaseUrl, anonKey);
}
