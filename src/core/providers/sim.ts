import { messageText, type ChatMessage } from '../chat';
import { buildChatBody, wireParams } from './chat-wire';
import { ProviderError, type CompletionRequest, type CompletionResult, type Provider } from './types';

export interface SimProviderOptions {
  /** Delay before each answer; default 0 (answers at once). */
  latencyMs?: number;
}

/** Deterministic token estimate: ceil(characters / 4), as the fake server counts. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function lastUserContent(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return messageText(message);
  }
  return '';
}

/** FNV-1a over every message: the same conversation always gets the same simulated verdict. */
function conversationHash(messages: readonly ChatMessage[]): number {
  let hash = 0x811c9dc5;
  for (const message of messages) {
    const text = messageText(message);
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/**
 * `sim/judge` answers a grader's verdict (JSON, deterministic, about three in four pass) so the
 * grading path can be tried offline; it reads nothing, and says so in its reason.
 */
function simulatedVerdict(messages: readonly ChatMessage[]): string {
  const pass = conversationHash(messages) % 4 !== 0;
  return JSON.stringify({ score: pass ? 1 : 0, pass, reason: 'simulated verdict: sim/judge calls no model and does not read the answer' });
}

/** The answer `sim/*` gives: an echo of the last user message (a verdict for `sim/judge`), cut to the output cap. */
export function simulatedAnswer(
  request: Pick<CompletionRequest, 'messages' | 'maxOutputTokens'> & { model?: string },
): { text: string; finishReason: 'stop' | 'length' } {
  const text = request.model === 'judge' ? simulatedVerdict(request.messages) : `echo: ${lastUserContent(request.messages)}`;
  const cap = request.maxOutputTokens;
  if (cap !== undefined && estimateTokens(text) > cap) return { text: text.slice(0, cap * 4), finishReason: 'length' };
  return { text, finishReason: 'stop' };
}

function wait(ms: number, request: CompletionRequest, model: string): Promise<void> {
  const where = `sim/${model}`;
  return new Promise((resolve, reject) => {
    const signal = request.signal;
    if (signal?.aborted) {
      reject(new ProviderError('cancelled', `${where}: cancelled`, false));
      return;
    }
    const timedOut = ms > request.timeoutMs;
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        if (timedOut) reject(new ProviderError('timeout', `${where}: no answer within ${request.timeoutMs} ms`, true));
        else resolve();
      },
      Math.min(ms, request.timeoutMs),
    );
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ProviderError('cancelled', `${where}: cancelled`, false));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The offline provider behind `sim/echo`, `sim/judge` (and any `sim/<name>`, which echoes): no network, no key, the same
 * answer for the same input, usage counted as characters / 4, marked `simulated`. It lets the
 * whole pipeline be tried before any key is set.
 */
export function createSimProvider(options: SimProviderOptions = {}): Provider {
  const latencyMs = options.latencyMs ?? 0;
  return {
    id: 'sim',
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const started = performance.now();
      if (latencyMs > 0) await wait(latencyMs, request, request.model);
      else if (request.signal?.aborted) throw new ProviderError('cancelled', `sim/${request.model}: cancelled`, false);
      const { text, finishReason } = simulatedAnswer(request);
      let promptChars = 0;
      for (const message of request.messages) promptChars += messageText(message).length;
      return {
        text,
        usage: { inputTokens: Math.ceil(promptChars / 4), outputTokens: estimateTokens(text), cachedInputTokens: 0 },
        timing: {},
        latencyMs: performance.now() - started,
        rateLimit: {},
        finishReason,
        simulated: true,
        sentParams: wireParams(buildChatBody(request, 'max_completion_tokens')),
      };
    },
  };
}
