/**
 * The status and body of the fake server's rate-limit answers, in each `ErrorBodyStyle`. The words
 * follow answers the providers really sent (quoted in public bug reports): Groq's
 * `Rate limit reached for model `llama-3.1-8b-instant` in organization `org_…` on requests per
 * minute (RPM): Limit 30, Used 30, Requested 1. Please try again in 399ms. Visit
 * https://console.groq.com/docs/rate-limits for more information.` (type `requests`, code
 * `rate_limit_exceeded`) and its 413 `Request too large for model … on tokens per minute (TPM):
 * Limit 6000, Requested 12328, please reduce your message size and try again.`; Cerebras'
 * `{"message":"Requests per minute limit exceeded - too many requests sent.","type":
 * "too_many_requests_error","param":"quota","code":"request_quota_exceeded"}` and
 * `Tokens per minute limit exceeded - too many tokens processed.` (its code for tokens is assumed
 * by analogy); OpenAI's `… on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try
 * again in 20s.` and its 429 `Request too large for gpt-4o in organization … on tokens per min
 * (TPM): Limit 30000, Requested 36278. The input or output tokens must be reduced …`
 */
import type { Admission, ErrorBodyStyle } from './rate-enforcement';
import { groqDuration } from './wire-format';

export interface LimitAnswer {
  status: number;
  contentType: string;
  body: string;
}

type Refusal = Exclude<Admission, { status: 200 }>;

const ORGANIZATION = 'org_01fake0000000000000000000';

function json(status: number, body: unknown): LimitAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

function groqWords(model: string, refusal: Refusal, perMin: 'minute' | 'min'): string {
  const what = refusal.status === 413 || refusal.kind === 'tokens' ? `tokens per ${perMin} (TPM)` : `requests per ${perMin} (RPM)`;
  const where = perMin === 'minute' ? `model \`${model}\` in organization \`${ORGANIZATION}\` service tier \`on_demand\`` : `${model} in organization ${ORGANIZATION}`;
  if (refusal.status === 413) return `Request too large for ${where} on ${what}: Limit ${refusal.capacity}, Requested ${refusal.tokens}, please reduce your message size and try again.`;
  return `Rate limit reached for ${where} on ${what}: Limit ${refusal.limit}, Used ${refusal.used}, Requested ${refusal.requested}. Please try again in ${groqDuration(refusal.waitSeconds)}.`;
}

/** How a server in `style` answers a request its buckets refuse (a 429, or a 413 for one no bucket can hold). */
export function limitAnswer(style: ErrorBodyStyle, model: string, refusal: Refusal): LimitAnswer {
  const tokens = refusal.status === 413 || refusal.kind === 'tokens';
  switch (style) {
    case 'groq':
      return json(refusal.status, { error: { message: groqWords(model, refusal, 'minute'), type: tokens ? 'tokens' : 'requests', code: 'rate_limit_exceeded' } });
    case 'openai':
      // OpenAI answers even a request that can never fit with a 429.
      return json(429, { error: { message: groqWords(model, refusal, 'min'), type: tokens ? 'tokens' : 'requests', param: null, code: 'rate_limit_exceeded' } });
    case 'cerebras':
      return json(refusal.status, {
        message: tokens ? 'Tokens per minute limit exceeded - too many tokens processed.' : 'Requests per minute limit exceeded - too many requests sent.',
        type: 'too_many_requests_error',
        param: 'quota',
        code: tokens ? 'token_quota_exceeded' : 'request_quota_exceeded',
      });
    case 'text':
      return { status: refusal.status, contentType: 'text/plain', body: refusal.status === 413 ? 'Request Entity Too Large' : 'Too Many Requests' };
    case 'empty':
      return { status: refusal.status, contentType: 'text/plain', body: '' };
  }
}
