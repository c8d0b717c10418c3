// How supabase-js errors become errors a user can act on, and the CLI's Supabase settings from
// the environment (pure functions: no server needed, run with the rest of test/supabase).
import { describe, expect, it } from 'vitest';
import { supabaseOptionsFromEnv } from '../../src/cli/open-store';
import { storeError } from '../../src/store/supabase/errors';

describe('storeError', () => {
  it('a fetch that never reached the server is retryable and says so', () => {
    const error = storeError('save result cells', { message: 'TypeError: fetch failed', details: 'Error: connect ECONNREFUSED 127.0.0.1:54321', code: '' });
    expect(error).toMatchObject({ kind: 'unreachable', retryable: true, code: 'store.unreachable' });
    expect(error.message).toBe('could not save result cells: the Supabase server cannot be reached (TypeError: fetch failed)');
  });

  it('a row level security refusal says "not allowed" and is not retried', () => {
    const error = storeError('save a prompt', { code: '42501', message: 'new row violates row-level security policy for table "prompt"' }, 403);
    expect(error).toMatchObject({ kind: 'denied', retryable: false, code: 'store.denied' });
    expect(error.message).toMatch(/not allowed by the project's row level security/);
  });

  it('an expired session asks to sign in again', () => {
    const error = storeError('list runs', { code: 'PGRST303', message: 'JWT expired' }, 401);
    expect(error).toMatchObject({ kind: 'denied', retryable: false });
    expect(error.fix).toMatch(/sign in again/);
  });

  it('a project without the schema points at supabase db push', () => {
    const error = storeError('list prompts', { code: 'PGRST205', message: "Could not find the table 'public.prompt' in the schema cache" }, 404);
    expect(error.fix).toMatch(/supabase db push/);
  });

  it('server trouble is retryable; a too-large file is not', () => {
    expect(storeError('save result cells', { code: '', message: 'Service Unavailable' }, 503)).toMatchObject({ kind: 'server', retryable: true });
    expect(storeError('upload the dataset file to Storage', { statusCode: '413', message: 'Payload too large' })).toMatchObject({
      retryable: false,
      fix: expect.stringMatching(/upload limit/) as unknown,
    });
  });
});

describe('supabaseOptionsFromEnv', () => {
  const base = { SUPABASE_URL: 'https://abcd.supabase.co', SUPABASE_ANON_KEY: 'anon' };

  it('prefers a user access token', () => {
    expect(supabaseOptionsFromEnv({ ...base, SUPABASE_ACCESS_TOKEN: 'jwt', SUPABASE_SERVICE_ROLE_KEY: 'service' })).toEqual({
      url: base.SUPABASE_URL,
      anonKey: 'anon',
      auth: { kind: 'access-token', accessToken: 'jwt' },
    });
  });

  it('takes the service role with the owner to act for', () => {
    const owner = '00000000-0000-4000-8000-000000000001';
    expect(supabaseOptionsFromEnv({ SUPABASE_URL: base.SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY: 'service', REFINERY_OWNER_ID: owner }).auth).toEqual({
      kind: 'service-role',
      serviceRoleKey: 'service',
      ownerId: owner,
    });
  });

  it.each([
    [{}, /needs SUPABASE_URL/],
    [{ SUPABASE_URL: base.SUPABASE_URL }, /needs SUPABASE_ACCESS_TOKEN/],
    [{ SUPABASE_URL: base.SUPABASE_URL, SUPABASE_ACCESS_TOKEN: 'jwt' }, /needs SUPABASE_ANON_KEY/],
    [{ SUPABASE_URL: base.SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY: 'service' }, /needs REFINERY_OWNER_ID/],
  ])('names the missing variable (%j)', (env, message) => {
    expect(() => supabaseOptionsFromEnv(env)).toThrow(message);
  });

  it('never puts a key in the error', () => {
    let message = '';
    try {
      supabaseOptionsFromEnv({ SUPABASE_URL: base.SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY: 'sb_secret_xyz' });
    } catch (error) {
      message = `${(error as Error).message} ${(error as { fix?: string }).fix ?? ''}`;
    }
    expect(message).toMatch(/REFINERY_OWNER_ID/);
    expect(message).not.toContain('sb_secret_xyz');
  });
});
