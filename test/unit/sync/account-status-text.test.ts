import { describe, expect, it } from 'vitest';
import { accountStatusText } from '../../../src/extension/account-status-text';
import type { SyncStatus } from '../../../src/extension/sync/engine';

const account = { userId: 'u1', email: 'ada@example.com', accessToken: 't' };
const idle: SyncStatus = { pending: 0, offline: false, syncing: false, lastError: undefined };

describe('accountStatusText', () => {
  it('says local in local mode, and asks to sign in in Supabase mode without an account', () => {
    expect(accountStatusText({ mode: 'local', account, sync: idle, toResolve: 0 }).text).toBe('$(database) local');
    expect(accountStatusText({ mode: 'supabase', account: undefined, sync: idle, toResolve: 0 })).toMatchObject({ text: '$(account) Supabase: sign in', command: 'refinery.signIn' });
  });

  it('shows the account and the sync state: synced, syncing, pending offline, waiting for the user', () => {
    const text = (sync: SyncStatus, toResolve = 0) => accountStatusText({ mode: 'supabase', account, sync, toResolve }).text;
    expect(text(idle)).toBe('$(account) ada@example.com · $(check)');
    expect(text({ ...idle, syncing: true })).toBe('$(account) ada@example.com · $(sync~spin)');
    expect(text({ ...idle, pending: 3, offline: true, lastError: 'fetch failed' })).toBe('$(account) ada@example.com · sync: 3 pending (offline)');
    expect(text(idle, 2)).toBe('$(account) ada@example.com · sync: 2 to resolve');
  });
});
