import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/core/errors';
import { SupabaseAuth } from '../../../src/extension/auth/auth-service';
import { secretStorageAdapter, type SecretStore } from '../../../src/extension/auth/secret-storage-adapter';
import { FakeSecrets } from '../../support/fake-secrets';
import { parseSupabaseSettings } from '../../../src/extension/auth/supabase-settings';

// No server is reachable at this address: what is checked here works offline (restoring a
// stored session, signing out locally, starting the PKCE flow). Signing in against a real
// auth server is the extension-host suite's job (over @supabase/lite).
const PROJECT = { url: 'http://127.0.0.1:9', anonKey: 'anon-key' };
const STORAGE_KEY = `refinery.supabase.auth:sb-auth:${PROJECT.url}`;


function storedSession(expiresInSeconds: number) {
  const now = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    access_token: 'header.payload.signature',
    refresh_token: 'refresh-1',
    expires_in: expiresInSeconds,
    expires_at: now + expiresInSeconds,
    token_type: 'bearer',
    user: { id: 'user-1', email: 'ada@example.com', aud: 'authenticated', app_metadata: {}, user_metadata: {}, created_at: '2026-11-26T00:00:00Z' },
  });
}

function newAuth(secrets: SecretStore, warnings: string[] = []) {
  return new SupabaseAuth({ readSettings: () => PROJECT, storage: secretStorageAdapter(secrets), log: { info: () => undefined, warn: (m) => warnings.push(m) } });
}

describe('SupabaseAuth with the session in SecretStorage', () => {
  it('finds the session a previous window stored (restart), and tells listeners who signed in', async () => {
    const secrets = new FakeSecrets();
    secrets.values.set(STORAGE_KEY, storedSession(3600));
    const auth = newAuth(secrets);
    const seen: Array<string | undefined> = [];
    auth.onDidChangeAccount((account) => seen.push(account?.email));
    expect(await auth.account()).toEqual({ userId: 'user-1', email: 'ada@example.com', accessToken: 'header.payload.signature' });
    expect(seen).toEqual(['ada@example.com']);
    auth.dispose();
  });

  it('signing out removes the session from SecretStorage even when the server is unreachable', async () => {
    const secrets = new FakeSecrets();
    secrets.values.set(STORAGE_KEY, storedSession(3600));
    const warnings: string[] = [];
    const auth = newAuth(secrets, warnings);
    await auth.account();
    await auth.signOut();
    expect(secrets.values.has(STORAGE_KEY)).toBe(false);
    expect(await auth.account()).toBeUndefined();
    expect(warnings.join('\n')).toContain('the local session was removed');
    auth.dispose();
  });

  it('starts GitHub sign-in with PKCE: the URL carries a code challenge, the verifier waits in SecretStorage', async () => {
    const secrets = new FakeSecrets();
    const auth = newAuth(secrets);
    const url = new URL(await auth.gitHubSignInUrl('vscode://prompt-refinery.prompt-refinery/auth-callback'));
    expect(url.pathname).toBe('/auth/v1/authorize');
    expect(url.searchParams.get('provider')).toBe('github');
    expect(url.searchParams.get('redirect_to')).toBe('vscode://prompt-refinery.prompt-refinery/auth-callback');
    expect(url.searchParams.get('code_challenge_method')).toBe('s256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    // Only the PKCE verifier(s) are stored, under this project's key; no session yet.
    const keys = [...secrets.values.keys()];
    expect(keys).toContain(`${STORAGE_KEY}-code-verifier`);
    expect(keys.every((key) => key.startsWith(STORAGE_KEY) && key.endsWith('-code-verifier'))).toBe(true);
    auth.dispose();
  });

  it('a failed call becomes one actionable error', async () => {
    const auth = newAuth(new FakeSecrets());
    const error: unknown = await auth.signInWithPassword('ada@example.com', 'pw').catch((e: unknown) => e);
    expect(isUserError(error) && error.code).toBe('supabase.auth');
    expect(isUserError(error) && error.fix).toContain('refinery.supabase.url');
    auth.dispose();
  });
});

describe('parseSupabaseSettings', () => {
  it('accepts an http(s) URL and an anon key, trimming the trailing slash', () => {
    expect(parseSupabaseSettings({ url: 'https://abcd.supabase.co/', anonKey: 'ey…' })).toEqual({ url: 'https://abcd.supabase.co', anonKey: 'ey…' });
  });

  it('names the setting to fix', () => {
    for (const [raw, setting] of [
      [{ url: undefined, anonKey: 'k' }, 'refinery.supabase.url'],
      [{ url: 'ftp://x', anonKey: 'k' }, 'refinery.supabase.url'],
      [{ url: 'https://abcd.supabase.co', anonKey: '  ' }, 'refinery.supabase.anonKey'],
    ] as const) {
      expect(() => parseSupabaseSettings(raw)).toThrow(setting);
    }
  });
});
