import type { Provider } from '../providers/types';
import { RateLimiter, type RateLimiterOptions, type SendOutcome, type SendTicket } from './rate-limiter';

/** A send as its budget remembers it: which limiter paced it, and how much the account had sent by then. */
export interface BudgetTicket {
  readonly limiter: RateLimiter;
  readonly ticket: SendTicket;
  readonly accountSends: number;
  readonly modelSends: number;
}

/** Requests of one model between two comparisons of a daily count, before they say anything. */
const SHARING_SAMPLE = 10;
/** Comparisons in one direction that settle whether the models' limit is shared. */
const SHARING_EVIDENCE = 3;

interface DailyReading {
  remaining: number;
  accountSends: number;
  modelSends: number;
}

/** The models of one provider account, and the limiter they pace through once they turn out to share one limit. */
class AccountBudgets {
  readonly models = new Map<string, ModelBudget>();
  shared: RateLimiter | undefined;
  sends = 0;

  constructor(private readonly options: RateLimiterOptions) {}

  /** From now on every model of the account paces through one limiter, starting from what they learned apart. */
  share(now: number): void {
    if (this.shared) return;
    this.shared = RateLimiter.merged(
      [...this.models.values()].map((model) => model.own),
      this.options,
      now,
    );
  }
}

/**
 * The rate budget of one model of one account, as a scheduler sees it: its own limiter, or the
 * account's when the models share one limit. That is learned from a daily count the headers
 * report (Groq's `x-ratelimit-remaining-requests`, Cerebras' `-requests-day`): when it drops
 * by what all the account's models sent, not by what this one sent, the limit is the account's.
 */
export class ModelBudget {
  readonly own: RateLimiter;
  private sends = 0;
  private lastDaily: DailyReading | undefined;
  private evidence = 0;

  constructor(private readonly account: AccountBudgets, options: RateLimiterOptions) {
    this.own = new RateLimiter(options);
  }

  get limiter(): RateLimiter {
    return this.account.shared ?? this.own;
  }

  onSend(tokens: number, now: number, estimated: number | undefined): BudgetTicket {
    const limiter = this.limiter;
    return { limiter, ticket: limiter.onSend(tokens, now, estimated), accountSends: ++this.account.sends, modelSends: ++this.sends };
  }

  /** Returns the pause a 429 decided on (ms). */
  onSettled(sent: BudgetTicket, outcome: SendOutcome, now: number): number {
    const pauseMs = sent.limiter.onSettled(sent.ticket, outcome, now);
    if (outcome.kind === 'accepted' && !this.account.shared) this.compareDaily(sent, outcome.rateLimit.requests?.day?.remaining, now);
    return pauseMs;
  }

  private compareDaily(sent: BudgetTicket, remaining: number | undefined, now: number): void {
    if (remaining === undefined) return;
    const last = this.lastDaily;
    const reading = { remaining, accountSends: sent.accountSends, modelSends: sent.modelSends };
    if (!last || sent.modelSends < last.modelSends) {
      if (!last) this.lastDaily = reading;
      return;
    }
    const own = sent.modelSends - last.modelSends;
    if (own < SHARING_SAMPLE) return;
    this.lastDaily = reading;
    const all = sent.accountSends - last.accountSends;
    // Only a sample where the other models sent as much as this one can tell the two apart.
    if (all < 2 * own) return;
    const drop = last.remaining - remaining;
    if (Math.abs(drop - all) <= 0.1 * all + 2) this.evidence++;
    else if (drop <= own + 0.25 * (all - own)) this.evidence--;
    if (this.evidence >= SHARING_EVIDENCE) this.account.share(now);
    this.evidence = Math.max(-SHARING_EVIDENCE, Math.min(SHARING_EVIDENCE, this.evidence));
  }
}

/**
 * One rate budget per (provider account, model) for the whole process: two runs at once on the
 * same models — a window and a re-run, two grids, a run and its grading — share what was learned
 * and pace together, instead of each learning its own limit and fighting over the server's.
 */
export class RateBudgets {
  private readonly accounts = new Map<string, AccountBudgets>();

  constructor(private readonly options: RateLimiterOptions = {}) {}

  budgetFor(account: string, model: string): ModelBudget {
    let budgets = this.accounts.get(account);
    if (!budgets) {
      budgets = new AccountBudgets(this.options);
      this.accounts.set(account, budgets);
    }
    let budget = budgets.models.get(model);
    if (!budget) {
      budget = new ModelBudget(budgets, this.options);
      budgets.models.set(model, budget);
    }
    return budget;
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
