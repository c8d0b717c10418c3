import type { RefinerySupabaseClient } from './supabase-client';
import { UserError } from '../../core/errors';
import type { Store } from '../../store/types';
import type { SignedInAccount, SupabaseAuth } from './auth-service';

/** Builds the Supabase store (src/store/supabase) on the signed-in client. */
export type SupabaseStoreFactory = (client: RefinerySupabaseClient, account: SignedInAccount) => Promise<Store>;

/**
 * What the store service needs to hand out the Supabase store: `createSupabaseStoreForSession()`
 * gives the store of the signed-in account (one per account, closed when the account changes).
 */
export class SupabaseStoreProvider {
  private cached: { userId: string; store: Promise<Store> } | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly auth: SupabaseAuth,
    private readonly factory: SupabaseStoreFactory | undefined,
  ) {
    this.subscription = auth.onDidChangeAccount((account) => {
      if (account?.userId !== this.cached?.userId) void this.closeCached();
    });
  }

  async createSupabaseStoreForSession(): Promise<Store> {
    const account = await this.auth.account();
    if (!account) throw new UserError('supabase.auth', 'not signed in to Supabase', {}, 'run "Refinery: Sign In", or set refinery.store to local');
    if (!this.factory) throw new UserError('supabase.settings', 'this build of Refinery has no Supabase store yet', {}, 'set refinery.store to local');
    if (this.cached?.userId === account.userId) return this.cached.store;
    await this.closeCached();
    const store = this.factory(this.auth.client(), account);
    this.cached = { userId: account.userId, store };
    store.catch(() => {
      if (this.cached?.store === store) this.cached = undefined;
    });
    return store;
  }

  async dispose(): Promise<void> {
    this.subscription.dispose();
    await this.closeCached();
  }

  private async closeCached(): Promise<void> {
    const cached = this.cached;
    this.cached = undefined;
    if (cached) await (await cached.store.catch(() => undefined))?.close();
  }
}
