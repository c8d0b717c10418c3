import { afterEach, beforeEach } from 'vitest';
import type { ChatMessage } from '../../../src/core/chat';
import { createCerebrasProvider } from '../../../src/core/providers/cerebras';
import { createGroqProvider } from '../../../src/core/providers/groq';
import { createPooledHttp, type PooledHttp } from '../../../src/core/providers/http';
import { createOpenAICompatibleProvider } from '../../../src/core/providers/openai-compatible';
import { ProviderError, type CompletionRequest, type Provider } from '../../../src/core/providers/types';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../fake-server/fake-openai-server';

/** 4 + 12 = 16 characters → 4 prompt tokens; the echo `echo: hello world!` is 18 → 5 tokens. */
export const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'Be k' },
  { role: 'user', content: 'hello world!' },
];

export function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return { model: 'llama-3.1-8b-instant', messages: MESSAGES, timeoutMs: 5000, ...overrides };
}

export interface FakeContext {
  server: FakeServer;
  http: PooledHttp;
  /** Starts a fresh fake server (and pool) with these options, replacing the default one. */
  restart(options: FakeServerOptions): Promise<void>;
}

/** A fresh fake server and connection pool per test, both closed after it. */
export function useFakeServer(options: FakeServerOptions = {}): FakeContext {
  const context = {} as FakeContext;
  const stop = async (): Promise<void> => {
    await context.http.close();
    await context.server.close();
  };
  context.restart = async (next) => {
    await stop();
    context.server = await startFakeServer(next);
    context.http = createPooledHttp();
  };
  beforeEach(async () => {
    context.server = await startFakeServer(options);
    context.http = createPooledHttp();
  });
  afterEach(stop);
  return context;
}

export type Flavour = 'groq' | 'cerebras';

export interface SdkCase {
  name: string;
  /** The answer shape the fake server uses on this SDK's path. */
  flavour: Flavour;
  keyName: string | undefined;
  /** The body field that carries `maxOutputTokens`. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  create(server: FakeServer, http: PooledHttp, options?: { apiKey?: string; stream?: boolean; baseUrl?: string }): Provider;
}

export const SDK_CASES: SdkCase[] = [
  {
    name: 'groq',
    flavour: 'groq',
    keyName: 'GROQ_API_KEY',
    maxTokensField: 'max_completion_tokens',
    create: (server, http, o = {}) => createGroqProvider({ apiKey: o.apiKey ?? 'test-key', baseUrl: o.baseUrl ?? server.url, http, stream: o.stream }),
  },
  {
    name: 'cerebras',
    flavour: 'cerebras',
    keyName: 'CEREBRAS_API_KEY',
    maxTokensField: 'max_completion_tokens',
    create: (server, http, o = {}) => createCerebrasProvider({ apiKey: o.apiKey ?? 'test-key', baseUrl: o.baseUrl ?? server.url, http, stream: o.stream }),
  },
  {
    name: 'openai-compatible',
    flavour: 'cerebras',
    keyName: 'LOCAL_LLM_KEY',
    maxTokensField: 'max_tokens',
    create: (server, http, o = {}) =>
      createOpenAICompatibleProvider({
        endpoint: { id: 'local', baseUrl: o.baseUrl ? `${o.baseUrl}/v1` : `${server.url}/v1`, apiKeyEnv: 'LOCAL_LLM_KEY' },
        apiKey: o.apiKey ?? 'test-key',
        http,
        stream: o.stream,
      }),
  },
];

/** Runs `promise`, expects it to reject with a ProviderError, and returns that error. */
export async function providerFailure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw new Error(`expected a ProviderError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Polls until `check` holds or `timeoutMs` passes (for server-side effects that land asynchronously). */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}
