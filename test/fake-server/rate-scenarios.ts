/**
 * The matrix of enforcement styles the executor must cope with (issue #19), shared by the unit
 * tests (virtual time), the HTTP tests (real SDKs, rates scaled up) and `npm run bench -- --rate`.
 * Every scenario is given at a base rate per model; `at(rate)` scales it without changing its shape
 * (bucket of one second vs one minute, scope, what the headers say, the halving point).
 */
import type { ErrorBodyStyle, HeaderStyle, RateEnforcement, RetryAfterStyle } from './rate-enforcement';

export interface RateScenario {
  name: string;
  /** One line for the bench table. */
  description: string;
  /** Which client speaks to it: its flavour decides the path and how the headers are read. */
  client: 'groq' | 'cerebras' | 'openai';
  /** Highest share of requests answered 429 allowed: 1 % where headers state the per-minute limit, else 3 %. */
  max429Share: number;
  /** The server's limits for a run at `requestsPerMinute` per model (an organisation's: that many times the models). */
  enforcement(run: ScenarioRun): RateEnforcement;
}

export interface ScenarioRun {
  requestsPerMinute: number;
  models: number;
  /** Cells per model: the halving scenarios halve after a share of them. */
  requestsPerModel: number;
  /** What one request costs the server in tokens (prompt + output cap), for the tokens-bound ones. */
  tokensPerRequest: number;
}

interface Shape {
  name: string;
  description: string;
  client: RateScenario['client'];
  headers: HeaderStyle;
  retryAfter?: RetryAfterStyle;
  /** What a 429 says in its body (the wait and the limit, in Groq's and OpenAI's words). */
  errorBody: ErrorBodyStyle;
  burstSeconds: 1 | 60;
  bound: 'requests' | 'tokens';
  scope?: 'model' | 'organization';
  halve?: boolean;
  /** The headers state the per-minute limit that binds (and it stays ours alone). */
  stated?: boolean;
}

/** Share of the ideal run's time after which the halving scenarios halve the rate left to us. */
export const HALVING_SHARE = 0.4;

function scenario(shape: Shape): RateScenario {
  return {
    name: shape.name,
    description: shape.description,
    client: shape.client,
    max429Share: shape.stated ? 0.01 : 0.03,
    enforcement(run) {
      const shared = shape.scope === 'organization' ? run.models : 1;
      const perMinute = run.requestsPerMinute * shared;
      const limit: RateEnforcement =
        shape.bound === 'tokens'
          ? { tokensPerMinute: perMinute * run.tokensPerRequest, requestsPerMinute: perMinute * 4 }
          : { requestsPerMinute: perMinute };
      const enforcement: RateEnforcement = {
        ...limit,
        burstSeconds: shape.burstSeconds,
        scope: shape.scope ?? 'model',
        headers: shape.headers,
        retryAfter: shape.retryAfter ?? 'seconds',
        errorBody: shape.errorBody,
      };
      if (shape.halve) {
        const capacity = (perMinute * shape.burstSeconds) / 60;
        const idealMs = ((run.requestsPerModel * shared - capacity) / perMinute) * 60_000;
        enforcement.halveAfterMs = Math.round(idealMs * HALVING_SHARE);
      }
      return enforcement;
    },
  };
}

const SHAPES: Shape[] = [
  { name: 'quantized-groq', description: 'requests, 1 s bucket, per model, Groq headers (daily requests only), retry-after s, Groq body', client: 'groq', headers: 'groq', errorBody: 'groq', burstSeconds: 1, bound: 'requests' },
  { name: 'minute-bucket-groq', description: 'requests, 60 s bucket, per model, Groq headers, retry-after s, Groq body', client: 'groq', headers: 'groq', errorBody: 'groq', burstSeconds: 60, bound: 'requests' },
  { name: 'no-headers', description: 'requests, 1 s bucket, per model, no headers, retry-after s, plain-text body', client: 'openai', headers: 'none', errorBody: 'text', burstSeconds: 1, bound: 'requests' },
  { name: 'no-headers-no-retry-after', description: 'requests, 1 s bucket, per model, no headers, no retry-after, empty body', client: 'openai', headers: 'none', retryAfter: 'none', errorBody: 'empty', burstSeconds: 1, bound: 'requests' },
  { name: 'wait-in-body-only', description: 'requests, 1 s bucket, per model, no headers, no retry-after; only the Groq body says the wait', client: 'openai', headers: 'none', retryAfter: 'none', errorBody: 'groq', burstSeconds: 1, bound: 'requests' },
  { name: 'retry-after-ms', description: 'requests, 1 s bucket, per model, Groq headers, retry-after-ms, Groq body', client: 'groq', headers: 'groq', retryAfter: 'milliseconds', errorBody: 'groq', burstSeconds: 1, bound: 'requests' },
  { name: 'organization', description: 'requests, 1 s bucket, one limit for the 3 models, Groq headers, retry-after s, Groq body', client: 'groq', headers: 'groq', errorBody: 'groq', burstSeconds: 1, bound: 'requests', scope: 'organization' },
  { name: 'requests-cerebras', description: 'requests, 1 s bucket, per model, Cerebras headers (no RPM), no retry-after, Cerebras body', client: 'cerebras', headers: 'cerebras', retryAfter: 'none', errorBody: 'cerebras', burstSeconds: 1, bound: 'requests' },
  { name: 'stated-rpm', description: 'requests, 1 s bucket, per model, headers state RPM (OpenAI style), retry-after s, OpenAI body', client: 'openai', headers: 'openai', errorBody: 'openai', burstSeconds: 1, bound: 'requests', stated: true },
  { name: 'tokens-groq', description: 'tokens, 1 s bucket, per model, Groq headers state TPM, retry-after s, Groq body', client: 'groq', headers: 'groq', errorBody: 'groq', burstSeconds: 1, bound: 'tokens', stated: true },
  { name: 'tokens-cerebras', description: 'tokens, 60 s bucket, per model, Cerebras headers (-tokens-minute), retry-after s, Cerebras body', client: 'cerebras', headers: 'cerebras', errorBody: 'cerebras', burstSeconds: 60, bound: 'tokens', stated: true },
  { name: 'tokens-no-headers', description: 'tokens, 1 s bucket, per model, no headers, retry-after-ms, OpenAI body', client: 'openai', headers: 'none', retryAfter: 'milliseconds', errorBody: 'openai', burstSeconds: 1, bound: 'tokens' },
  { name: 'halving-groq', description: 'requests, 1 s bucket, per model, Groq headers, Groq body; another client takes half mid-run', client: 'groq', headers: 'groq', errorBody: 'groq', burstSeconds: 1, bound: 'requests', halve: true },
  { name: 'halving-stated', description: 'requests, 1 s bucket, per model, headers state RPM, OpenAI body; another client takes half mid-run', client: 'openai', headers: 'openai', errorBody: 'openai', burstSeconds: 1, bound: 'requests', halve: true },
];

export const RATE_SCENARIOS: readonly RateScenario[] = SHAPES.map(scenario);
