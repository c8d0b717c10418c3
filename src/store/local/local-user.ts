/**
 * The local store's stand-in for a signed-in Supabase user. There is one local user; the
 * session becomes `authenticated` with that user's JWT claims, exactly as PostgREST does per
 * request, so every query goes through the same row level security as on Supabase.
 */
import type { PGlite } from '@electric-sql/pglite';

export const LOCAL_USER_ID = '00000000-0000-4000-8000-00000000f00d';
const LOCAL_USER_EMAIL = 'local@refinery.invalid';

/** Runs as the database superuser; afterwards the session is the local user, for good. */
export async function becomeLocalUser(db: PGlite): Promise<void> {
  const claims = JSON.stringify({ sub: LOCAL_USER_ID, role: 'authenticated', aud: 'authenticated', email: LOCAL_USER_EMAIL });
  // One round trip; the values are the constants above (no quotes in them), not input.
  await db.exec(`
    insert into auth.users (id, aud, role, email) values ('${LOCAL_USER_ID}', 'authenticated', 'authenticated', '${LOCAL_USER_EMAIL}')
      on conflict (id) do nothing;
    select set_config('request.jwt.claims', '${claims}', false);
    set role authenticated;
  `);
}
