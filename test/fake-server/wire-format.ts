/**
 * The JSON and header shapes the fake server answers with, in the two flavours the real
 * providers use (BRIEF §7): Groq (`/openai/v1/...`) and Cerebras / generic OpenAI (`/v1/...`).
 */

export type Flavour = 'groq' | 'cerebras';

export interface FakeChatMessage {
  role: string;
  /** The text: the content, or the text parts of a content list joined. */
  content: string;
  /** The content list, when the message was sent as parts (an image). */
  parts?: unknown[];
}

/** The part of a chat-completions request body the fake server reads. */
export interface FakeChatBody {
  model: string;
  messages: FakeChatMessage[];
  stream: boolean;
  maxTokens: number | undefined;
  /** Set when the body uses a field Groq rejects with 400 (`logprobs`, `logit_bias`, `n` > 1). */
  unsupportedField: string | undefined;
  /** The whole parsed body, for tests that check which fields a client sent. */
  raw: Record<string, unknown>;
}

export interface FakeUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** seconds, as the providers report them */
  queueTime: number;
  promptTime: number;
  completionTime: number;
  totalTime: number;
}

/** Deterministic token estimate shared by prompt and answer: ceil(chars / 4). */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function fakeUsage(body: FakeChatBody, answer: string, cachedTokens: number): FakeUsage {
  let chars = 0;
  for (const message of body.messages) chars += message.content.length;
  const promptTokens = estimateTokens(chars);
  const completionTokens = estimateTokens(answer.length);
  const promptTime = promptTokens * 0.00001;
  const completionTime = completionTokens * 0.001;
  return {
    promptTokens,
    completionTokens,
    cachedTokens: Math.min(cachedTokens, promptTokens),
    queueTime: 0.002,
    promptTime,
    completionTime,
    totalTime: promptTime + completionTime,
  };
}

/** Parses and checks a request body; returns an error message instead of throwing. */
export function parseChatBody(raw: string): FakeChatBody | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'request body is not valid JSON';
  }
  if (typeof value !== 'object' || value === null) return 'request body must be a JSON object';
  const body = value as Record<string, unknown>;
  if (typeof body.model !== 'string' || body.model === '') return "'model' is required";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' must be a non-empty array";
  const messages: FakeChatMessage[] = [];
  for (const item of body.messages as unknown[]) {
    const message = item as Record<string, unknown> | null;
    if (typeof message !== 'object' || message === null || typeof message.role !== 'string') return "each message needs a string 'role'";
    if (typeof message.content === 'string') {
      messages.push({ role: message.role, content: message.content });
      continue;
    }
    const parts = partsText(message.content);
    if (parts === undefined) return "each message's 'content' must be a string or a list of text and image_url parts";
    messages.push({ role: message.role, content: parts, parts: message.content as unknown[] });
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const unsupportedField =
    body.logprobs !== undefined && body.logprobs !== null && body.logprobs !== false
      ? 'logprobs'
      : body.logit_bias !== undefined && body.logit_bias !== null
        ? 'logit_bias'
        : typeof body.n === 'number' && body.n > 1
          ? 'n'
          : undefined;
  return {
    model: body.model,
    messages,
    stream: body.stream === true,
    maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
    unsupportedField,
    raw: body,
  };
}

/** The text parts of an OpenAI content list joined; undefined when it is not one. */
function partsText(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  let text = '';
  for (const part of content as unknown[]) {
    const p = part as { type?: unknown; text?: unknown; image_url?: { url?: unknown } } | null;
    if (p?.type === 'text' && typeof p.text === 'string') text += p.text;
    else if (p?.type !== 'image_url' || typeof p.image_url?.url !== 'string') return undefined;
  }
  return text;
}

/** The last user message: the default answer source and the per-cell stats key. */
export function lastUserContent(body: FakeChatBody): string {
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const message = body.messages[i];
    if (message?.role === 'user') return message.content;
  }
  return '';
}

function groqUsageJson(usage: FakeUsage): Record<string, unknown> {
  return {
    queue_time: usage.queueTime,
    prompt_tokens: usage.promptTokens,
    prompt_time: usage.promptTime,
    completion_tokens: usage.completionTokens,
    completion_time: usage.completionTime,
    total_tokens: usage.promptTokens + usage.completionTokens,
    total_time: usage.totalTime,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
  };
}

function cerebrasUsageJson(usage: FakeUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
  };
}

function cerebrasTimeInfoJson(usage: FakeUsage, createdSeconds: number): Record<string, unknown> {
  return {
    queue_time: usage.queueTime,
    prompt_time: usage.promptTime,
    completion_time: usage.completionTime,
    total_time: usage.totalTime,
    created: createdSeconds,
  };
}

export interface AnswerParts {
  flavour: Flavour;
  id: number;
  model: string;
  text: string;
  finishReason: 'stop' | 'length';
  usage: FakeUsage;
}

/** Built as a template rather than with object spreads: this runs once per request in the benchmark. */
export function completionJson({ flavour, id, model, text, finishReason, usage }: AnswerParts): string {
  const created = Math.floor(Date.now() / 1000);
  const extras =
    flavour === 'groq'
      ? `"usage":${JSON.stringify(groqUsageJson(usage))},"x_groq":{"id":"req_fake_${id}"}`
      : `"usage":${JSON.stringify(cerebrasUsageJson(usage))},"time_info":${JSON.stringify(cerebrasTimeInfoJson(usage, created))}`;
  return (
    `{"id":"chatcmpl-fake-${id}","object":"chat.completion","created":${created},"model":${JSON.stringify(model)},` +
    `"choices":[{"index":0,"message":{"role":"assistant","content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":"${finishReason}"}],` +
    `"system_fingerprint":"fp_fake",${extras}}`
  );
}

/** The SSE events of a streamed answer: role, the text in up to three pieces, then the usage chunk. */
export function streamEvents({ flavour, id, model, text, finishReason, usage }: AnswerParts): string {
  const created = Math.floor(Date.now() / 1000);
  const chunkId = `chatcmpl-fake-${id}`;
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra?: Record<string, unknown>): string =>
    `data: ${JSON.stringify({
      id: chunkId,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    })}\n\n`;
  let events = chunk({ role: 'assistant', content: '' }, null);
  const pieceLength = Math.max(1, Math.ceil(text.length / 3));
  for (let start = 0; start < text.length; start += pieceLength) {
    events += chunk({ content: text.slice(start, start + pieceLength) }, null);
  }
  const last =
    flavour === 'groq'
      ? { x_groq: { id: `req_fake_${id}`, usage: groqUsageJson(usage) } }
      : { usage: cerebrasUsageJson(usage), time_info: cerebrasTimeInfoJson(usage, created) };
  events += chunk({}, finishReason, last);
  return `${events}data: [DONE]\n\n`;
}

export function errorJson(message: string, type: string, code: string): string {
  return JSON.stringify({ error: { message, type, code } });
}

/** Groq's reset format: Go-style durations such as `2m59.56s`, `7.66s`, `120ms`. */
export function groqDuration(seconds: number): string {
  if (seconds <= 0) return '0s';
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))}ms`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = Number((seconds % 60).toFixed(2));
  return `${hours > 0 ? `${hours}h` : ''}${hours > 0 || minutes > 0 ? `${minutes}m` : ''}${rest}s`;
}
