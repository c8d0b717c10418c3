import type { SignedInAccount } from './auth/auth-service';
import type { StoreMode } from './auth/store-mode';
import type { SyncStatus } from './sync/engine';
import { labelText, shortened } from './untrusted-text';

export interface AccountStatusState {
  mode: StoreMode;
  account: SignedInAccount | undefined;
  sync: SyncStatus | undefined;
  /** conflicts and deletions waiting for the user */
  toResolve: number;
}

/** The status bar text, pure so the wording is easy to check. */
export function accountStatusText(state: AccountStatusState): { text: string; tooltip: string; command: string | undefined } {
  if (state.mode === 'local') return { text: '$(database) local', tooltip: 'Refinery keeps data in the local store (refinery.store)', command: 'refinery.switchStore' };
  if (!state.account) return { text: '$(account) Supabase: sign in', tooltip: 'Refinery: sign in to Supabase', command: 'refinery.signIn' };
  const who = state.account.email ?? 'signed in';
  const sync = state.sync;
  let syncText = '$(check)';
  let tooltip = `Refinery: signed in to Supabase as ${who}; prompts in sync`;
  if (sync?.syncing) {
    syncText = '$(sync~spin)';
    tooltip = `Refinery: signed in as ${who}; syncing prompts`;
  } else if (sync && sync.pending > 0) {
    syncText = `sync: ${sync.pending} pending${sync.offline ? ' (offline)' : ''}`;
    tooltip = `Refinery: ${sync.pending} change(s) wait for Supabase and are retried${sync.lastError ? ` (${shortened(sync.lastError)})` : ''}. Click to retry now.`;
  } else if (state.toResolve > 0) {
    syncText = `sync: ${state.toResolve} to resolve`;
    tooltip = 'Refinery: conflicts or deletions wait for your choice. Click to sync and resolve them.';
  }
  return { text: `$(account) ${labelText(who)} · ${syncText}`, tooltip, command: 'refinery.syncPrompts' };
}
