import type { Provider } from '../providers/types';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter';

/**
 * One rate budget per (provider account, model) for the whole process: two runs at once on the
 * same models — a window and a re-run, two grids, a run and its grading — share what was learned
 * and pace together, instead of each learning its own limit and fighting over the server's.
 */
export class RateBudgets {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly options: RateLimiterOptions = {}) {}

  limiterFor(account: string, model: string): RateLimiter {
    const key = `${account}\u0000${model}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(this.options);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}

/** The budgets every scheduler of this process shares unless given its own. */
export const processRateBudgets = new RateBudgets();

const anonymousAccounts = new WeakMap<Provider, string>();
let anonymousCount = 0;

/**
 * The account a provider object stands for when its resolver names none (test fakes, custom
 * providers): that object alone, so unrelated providers never share a budget.
 */
export function accountOfProvider(provider: Provider): string {
  let account = anonymousAccounts.get(provider);
  if (account === undefined) {
    account = `${provider.id}#${++anonymousCount}`;
    anonymousAccounts.set(provider, account);
  }
  return account;
}
