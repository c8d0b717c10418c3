import { UserError } from '../../core/errors';
import type { Store } from '../../core/ports/store';
import type { SignedInAccount, SupabaseAuth } from './auth-service';
import type { RefinerySupabaseClient } from './supabase-client';

/** Builds the Supabase store (src/store/supabase) on the signed-in client. */
export type SupabaseStoreFactory = (client: RefinerySupabaseClient, account: SignedInAccount) => Promise<Store>;

/**
 * What the store service needs to hand out the Supabase store: `createSupabaseStoreForSession()`
 * gives the store of the signed-in account (one per account).
 *
 * The store works over the auth service's own client, which keeps the session and its refresh
 * timer; so a store is dropped, never closed, when the account changes (closing it would stop
 * the shared client's refresh). `SupabaseAuth.dispose` ends the client.
 */
export class SupabaseStoreProvider {
  private cached: { userId: string; store: Promise<Store> } | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly auth: SupabaseAuth,
    private readonly factory: SupabaseStoreFactory | undefined,
  ) {
    this.subscription = auth.onDidChangeAccount((account) => {
      if (account?.userId !== this.cached?.userId) this.cached = undefined;
    });
  }

  async createSupabaseStoreForSession(): Promise<Store> {
    const account = await this.auth.account();
    if (!account) throw new UserError('supabase.auth', 'not signed in to Supabase', {}, 'run "Refinery: Sign In", or set refinery.store to local');
    const factory = this.factory;
    if (!factory) throw new UserError('supabase.settings', 'this build of Refinery has no Supabase store', {}, 'set refinery.store to local');
    if (this.cached?.userId === account.userId) return this.cached.store;
    const store = this.auth.client().then((client) => factory(client, account));
    const cached = { userId: account.userId, store };
    this.cached = cached;
    store.catch(() => {
      if (this.cached === cached) this.cached = undefined;
    });
    return store;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cached = undefined;
  }
}
