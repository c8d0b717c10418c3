import { messageText, type ChatMessage } from '../chat';

/**
 * The BPE vocabularies an estimate counts with. `o200k_base` is exact for OpenAI's gpt-oss
 * models; Llama 3 and 4 extend cl100k_base's 100k merges (128k vocabulary), so `cl100k_base`
 * counts their English text within a few percent, and it is the closest public vocabulary for
 * the other open-weight models too (Qwen, Kimi, Mistral): an estimate, never a bill.
 */
export type TokenizerEncoding = 'cl100k_base' | 'o200k_base';

export function encodingForModel(modelId: string): TokenizerEncoding {
  return /gpt-(oss|4o|4\.1|5)|\bo[134]\b/i.test(modelId) ? 'o200k_base' : 'cl100k_base';
}

/**
 * What a chat message costs beyond its text: the role and the separators of the chat template
 * (about 4 tokens per message with ChatML-style templates, 3 more to prime the reply).
 */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;

export interface TokenCounter {
  encoding: TokenizerEncoding;
  countText(text: string): number;
  countMessages(messages: readonly ChatMessage[]): number;
}

interface EncodingModule {
  countTokens(text: string, options: { disallowedSpecial: Set<string> }): number;
}

/** Text like `<|endoftext|>` in a dataset is counted as the characters it is, not refused. */
const ORDINARY_TEXT = { disallowedSpecial: new Set<string>() };

const loaded = new Map<TokenizerEncoding, Promise<TokenCounter>>();
const ready = new Map<TokenizerEncoding, TokenCounter>();

/** The counter for `encoding` if something already loaded it (an estimate, a cost check), else undefined: never loads. */
export function loadedTokenCounter(encoding: TokenizerEncoding): TokenCounter | undefined {
  return ready.get(encoding);
}

/** Each vocabulary is 1–2.4 MB of merges: it loads on the first estimate that needs it, once. */
export function loadTokenCounter(encoding: TokenizerEncoding): Promise<TokenCounter> {
  let counter = loaded.get(encoding);
  if (!counter) {
    counter = importEncoding(encoding).then((module) => {
      const loadedCounter = tokenCounter(encoding, module);
      ready.set(encoding, loadedCounter);
      return loadedCounter;
    });
    loaded.set(encoding, counter);
  }
  return counter;
}

function importEncoding(encoding: TokenizerEncoding): Promise<EncodingModule> {
  return encoding === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base');
}

function tokenCounter(encoding: TokenizerEncoding, module: EncodingModule): TokenCounter {
  const countText = (text: string): number => (text === '' ? 0 : module.countTokens(text, ORDINARY_TEXT));
  return {
    encoding,
    countText,
    countMessages: (messages) =>
      messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + countText(messageText(message)), TOKENS_PER_REPLY),
  };
}
