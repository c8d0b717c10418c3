import { encodingForModel, loadedTokenCounter } from '../cost/token-counter';
import type { CompletionRequest } from '../providers/types';

/** What a chat template adds per message and to prime the reply (as `core/cost/token-counter`). */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;
const CHARS_PER_TOKEN = 4;

type EstimatedRequest = Pick<CompletionRequest, 'messages' | 'maxOutputTokens'>;

/** Runs share one request object between the models of a row: count it once per vocabulary. */
const promptCounts = new WeakMap<EstimatedRequest, { encoding: string; tokens: number }>();

/**
 * What a request will cost a tokens-per-minute budget: its prompt tokens plus the output cap,
 * which servers such as Cerebras reserve up front. The prompt is counted with the model's
 * tokenizer vocabulary when this process has it loaded already (a cost estimate loads it),
 * else from its characters (four per token); either way the limiter scales the estimate by the
 * prompt tokens the server reports. Undefined without an output cap: the server may reserve a
 * whole context then, and the limiter falls back on what requests were really charged.
 */
export function estimateRequestTokens(model: string, request: EstimatedRequest): number | undefined {
  if (request.maxOutputTokens === undefined) return undefined;
  return promptTokens(model, request) + request.maxOutputTokens;
}

function promptTokens(model: string, request: EstimatedRequest): number {
  const encoding = encodingForModel(model);
  const counter = loadedTokenCounter(encoding);
  if (!counter) {
    let chars = 0;
    for (const message of request.messages) chars += message.content.length;
    return Math.ceil(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * request.messages.length + TOKENS_PER_REPLY;
  }
  const cached = promptCounts.get(request);
  if (cached?.encoding === encoding) return cached.tokens;
  const tokens = counter.countMessages(request.messages);
  promptCounts.set(request, { encoding, tokens });
  return tokens;
}
