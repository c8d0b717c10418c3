/**
 * The fake server's rate enforcement (`test/fake-server/rate-enforcement.ts`) as an in-process
 * provider, for virtual-time runs: the same buckets, the same header lists read by the real header
 * parser in the client's dialect, the same errors mapped by the real `toProviderError`. The network
 * is a delay before the server counts a request (varying, so requests overtake each other) and the
 * answer's latency; a 429 comes back at once, as real servers send it.
 */
import { toProviderError } from '../../../src/core/providers/errors';
import { headerLookup, parseRateLimitHeaders, type RateLimitDialect } from '../../../src/core/providers/rate-limit-headers';
import type { CompletionRequest, CompletionResult, Provider } from '../../../src/core/providers/types';
import type { RateEnforcer } from '../../fake-server/rate-enforcement';
import { limitAnswer, type LimitAnswer } from '../../fake-server/rate-limit-answers';
import { estimateTokens } from '../../fake-server/wire-format';
import { wait } from './fakes';

export interface EnforcedProviderOptions {
  id: string;
  enforcer: RateEnforcer;
  dialect: RateLimitDialect;
  latencyMs: () => number;
  uplinkMs: () => number;
  /**
   * A busy client takes in answers only every this many ms, all that arrived meanwhile at once
   * (429s as late as successes): how a loaded machine's event loop behaves.
   */
  clientTickMs?: number;
  now: () => number;
}

/** What the SDKs keep of an error body: the parsed JSON, else the text. */
function sdkErrorBody(answer: LimitAnswer): unknown {
  if (answer.contentType !== 'application/json') return answer.body;
  return JSON.parse(answer.body) as unknown;
}

function headersOf(flat: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < flat.length; i += 2) headers.set(flat[i] as string, flat[i + 1] as string);
  return headers;
}

/** Prompt tokens as the fake server counts them. */
function promptTokens(request: CompletionRequest): number {
  let chars = 0;
  for (const message of request.messages) chars += message.content.length;
  return estimateTokens(chars);
}

export class EnforcedProvider implements Provider {
  readonly id: string;
  calls = 0;
  private readonly counts = new Map<number, number>();

  constructor(private readonly options: EnforcedProviderOptions) {
    this.id = options.id;
  }

  /** Answers by status, as the server counted them. */
  get byStatus(): Record<number, number> {
    return Object.fromEntries(this.counts);
  }

  /** ms from now until an answer arriving in `arrivalMs` is taken in by the client. */
  private untilTakenIn(arrivalMs: number): number {
    const tick = this.options.clientTickMs;
    if (!tick) return arrivalMs;
    const now = this.options.now();
    return Math.ceil((now + arrivalMs) / tick) * tick - now;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    this.calls++;
    const { enforcer, dialect, now } = this.options;
    await wait(this.options.uplinkMs(), request.signal);
    const prompt = promptTokens(request);
    const output = request.maxOutputTokens ?? 16;
    const admission = enforcer.admit(request.model, prompt + output, dialect === 'cerebras' ? 'cerebras' : 'groq', now());
    this.counts.set(admission.status, (this.counts.get(admission.status) ?? 0) + 1);
    const headers = headersOf(admission.headers);
    if (admission.status !== 200) {
      await wait(this.untilTakenIn(1), request.signal);
      const answer = limitAnswer(enforcer.config.errorBody ?? (dialect === 'cerebras' ? 'cerebras' : 'groq'), request.model, admission);
      throw toProviderError(
        { status: answer.status, headers, error: sdkErrorBody(answer), message: `${answer.status} ${answer.body}` },
        { providerId: this.id, model: request.model, timedOut: false, timeoutMs: request.timeoutMs, cancelled: false, rateLimitDialect: dialect },
      );
    }
    await wait(this.untilTakenIn(this.options.latencyMs()), request.signal);
    return {
      text: 'ok',
      usage: { inputTokens: prompt, outputTokens: Math.min(output, 4), cachedInputTokens: 0 },
      timing: {},
      latencyMs: 0,
      rateLimit: parseRateLimitHeaders(headerLookup(headers), dialect),
      simulated: true,
    };
  }
}
