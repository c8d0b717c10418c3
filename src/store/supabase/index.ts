/**
 * The Supabase backend of the `Store` interface.
 *
 * - `openSupabaseStore({ url, anonKey, auth })`: a store from credentials (a session, a user's
 *   access token, or the service role key acting for one user).
 * - `supabaseStoreForClient(client)`: a store over an already signed-in supabase-js client.
 * - `createStoreClient(url, key)`: a client with the settings the store relies on (no
 *   persisted session unless the caller adds storage; a WebSocket transport on Node 20).
 *
 * Errors are `SupabaseStoreError` (a `UserError`): `kind` says what went wrong and
 * `retryable` whether the same call may succeed later.
 */
export { createStoreClient, type ClientOptions, type StoreClient } from './client';
export { DATASET_BUCKET, datasetObjectKey } from './datasets';
export { isRetryable, SupabaseStoreError, type SupabaseStoreErrorKind } from './errors';
export { openSupabaseStore, supabaseStoreForClient, type SupabaseAuth, type SupabaseStoreOptions } from './open';
export { SupabaseStore } from './supabase-store';
