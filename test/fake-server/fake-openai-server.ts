/**
 * A fake OpenAI-compatible chat server for tests and the benchmark. It speaks Groq's flavour on
 * `/openai/v1/...` and Cerebras' (generic OpenAI) on `/v1/...`, with deterministic answers and
 * usage, a token-bucket rate limit, seeded random faults and scripted per-cell faults.
 * Kept cheap on CPU: no logging, no per-request work beyond what an answer needs.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createFakeBatchApi, type FakeBatchOptions, type FakeBatchStats } from './batch-api';
import { modelListAnswer, modelListFlavour, retiredModelAnswer, type ModelCatalogOptions } from './model-catalog';
import { createPrng } from './prng';
import { RateEnforcer, unlimitedHeaders, type RateEnforcement, type RateReport } from './rate-enforcement';
import { limitAnswer } from './rate-limit-answers';
import {
  completionJson,
  errorJson,
  fakeUsage,
  lastUserContent,
  parseChatBody,
  streamEvents,
  type FakeChatBody,
  type Flavour,
} from './wire-format';

export type { FakeChatBody, Flavour } from './wire-format';
export type { FakeBatchOptions, FakeBatchStats } from './batch-api';

/**
 * `hang`: accept and never answer. `stall`: send the 200 headers and the start of the body, then
 * never finish (a connection that dies mid-answer).
 */
export type ScriptedFault = '500' | 'hang' | '429' | 'stall';

export interface FakeChatRequest {
  flavour: Flavour;
  /** The last user message: the per-cell key. */
  key: string;
  body: FakeChatBody;
  /** The request body exactly as it arrived (UTF-8), for byte-for-byte comparisons. */
  text: string;
  headers: IncomingHttpHeaders;
}

/** How requests are limited: see `RateEnforcement` (per model or organisation, 1 s or 60 s buckets, header styles…). */
export type FakeRateLimit = RateEnforcement;

/** A chat request as `GET /__fake/requests` lists it (with `recordRequests`). */
export interface RecordedRequest {
  flavour: Flavour;
  /** The body exactly as it arrived. */
  text: string;
}

export interface FakeServerOptions extends ModelCatalogOptions {
  /** Called for every well-formed chat request before anything else (tests inspect what was sent). */
  onRequest?: (request: FakeChatRequest) => void;
  latencyMs?: number | ((request: FakeChatRequest) => number);
  /** The answer text; default `echo: <last user message>`. */
  respond?: (body: FakeChatBody) => string;
  /** Reported as `prompt_tokens_details.cached_tokens` (capped at the prompt tokens). */
  cachedTokens?: number;
  rateLimit?: FakeRateLimit;
  /** Probability of a 500 answer. */
  failureRate?: number;
  /** Probability of accepting a request and never answering it. */
  hangRate?: number;
  /** Seed of the PRNG that draws random faults. */
  seed?: number;
  /** Exact fault sequences per cell key, consumed one per request with that key. */
  faultsPerKey?: Record<string, ScriptedFault[]>;
  /** `retry-after` of scripted 429s (which have no bucket to compute it from); default 1. */
  scriptedRetryAfterSeconds?: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Keep every well-formed chat request's body, listed by `GET /__fake/requests` (cleared by reset). */
  recordRequests?: boolean;
  /**
   * The `response_format` types a model accepts; a model listed here answers any other type with
   * 400, as Groq does for models without structured outputs. Unlisted models accept every type.
   */
  responseFormats?: Record<string, ReadonlyArray<'json_object' | 'json_schema'>>;
  /** The file and batch endpoints' limits, pace and faults (see `batch-api.ts`). */
  batch?: FakeBatchOptions;
}

export interface KeyStats {
  received: number;
  ok: number;
}

export interface FakeServerStats {
  /** Chat requests (model lists are counted in `modelListRequests`, control calls nowhere). */
  totalRequests: number;
  /** `GET …/models`: a run reads the list once before it starts. */
  modelListRequests: number;
  byStatus: Record<number, number>;
  /** Requests accepted and never answered. */
  hung: number;
  /** Answers started and never finished (`stall` faults). */
  stalled: number;
  inFlight: number;
  maxInFlight: number;
  /** TCP connections accepted: shows whether clients reuse keep-alive sockets. */
  connections: number;
  perKey: Map<string, KeyStats>;
}

export interface FakeServer {
  url: string;
  port: number;
  /** Live counters (reset in place by `reset()`). */
  readonly stats: FakeServerStats;
  setOptions(partial: Partial<FakeServerOptions>): void;
  /** What the rate limit accepted and the least time that took, on the server's clock (undefined without `rateLimit`). */
  rateReport(): RateReport | undefined;
  /** What the batch endpoints saw (files, batches, cancels). */
  readonly batchStats: FakeBatchStats;
  /** Zeroes the stats and restores buckets, PRNG and scripted faults from the current options. */
  reset(): void;
  /** Stops listening and destroys every open socket, hung ones included. */
  close(): Promise<void>;
}

const GROQ_CHAT = '/openai/v1/chat/completions';
const CEREBRAS_CHAT = '/v1/chat/completions';
/** `GET …/stats`, `GET …/rate`, `GET …/requests`, `POST …/reset`, `POST …/options` (JSON partial options). */
export const CONTROL_PREFIX = '/__fake/';
/** Headers sent when no rate limit is configured: a generous static budget, as real providers always send them. */
const STATIC_HEADERS: Record<Flavour, string[]> = {
  groq: unlimitedHeaders('groq'),
  cerebras: unlimitedHeaders('cerebras'),
};

function responseFormatType(value: unknown): 'json_object' | 'json_schema' | undefined {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return type === 'json_object' || type === 'json_schema' ? type : undefined;
}

function defaultRespond(body: FakeChatBody): string {
  return `echo: ${lastUserContent(body)}`;
}

function copyFaults(faults: Record<string, ScriptedFault[]> | undefined): Map<string, ScriptedFault[]> {
  const map = new Map<string, ScriptedFault[]>();
  for (const [key, list] of Object.entries(faults ?? {})) map.set(key, [...list]);
  return map;
}

export async function startFakeServer(initial: FakeServerOptions = {}): Promise<FakeServer> {
  let options: FakeServerOptions = { ...initial };
  let limiter = options.rateLimit ? new RateEnforcer(options.rateLimit) : undefined;
  let random = createPrng(options.seed ?? 1);
  let scriptedFaults = copyFaults(options.faultsPerKey);
  let nextId = 0;
  const recorded: RecordedRequest[] = [];
  const pendingTimers = new Set<NodeJS.Timeout>();
  const stats: FakeServerStats = { totalRequests: 0, modelListRequests: 0, byStatus: {}, hung: 0, stalled: 0, inFlight: 0, maxInFlight: 0, connections: 0, perKey: new Map() };

  const batchApi = createFakeBatchApi(() => options.batch ?? {}, (body) => (options.respond ?? defaultRespond)(body));

  const countStatus = (status: number): void => {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  };

  const send = (res: ServerResponse, status: number, contentType: string, payload: string, headers: string[], counted = true): void => {
    if (res.destroyed) return;
    if (counted) countStatus(status);
    res.writeHead(status, [...headers, 'content-type', contentType, 'content-length', String(Buffer.byteLength(payload))]);
    res.end(payload);
  };

  const sendError = (res: ServerResponse, status: number, message: string, type: string, code: string, headers: string[] = []): void => {
    send(res, status, 'application/json', errorJson(message, type, code), headers);
  };

  const answerChat = (req: IncomingMessage, res: ServerResponse, flavour: Flavour, raw: string): void => {
    const parsed = parseChatBody(raw);
    if (typeof parsed === 'string') {
      sendError(res, 400, parsed, 'invalid_request_error', 'invalid_request');
      return;
    }
    const body = parsed;
    const key = lastUserContent(body);
    let keyStats = stats.perKey.get(key);
    if (!keyStats) {
      keyStats = { received: 0, ok: 0 };
      stats.perKey.set(key, keyStats);
    }
    keyStats.received++;
    const request: FakeChatRequest = { flavour, key, body, text: raw, headers: req.headers };
    if (options.recordRequests) recorded.push({ flavour, text: raw });
    options.onRequest?.(request);

    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendError(res, 401, 'Invalid API Key', 'invalid_request_error', 'invalid_api_key');
      return;
    }
    const retired = retiredModelAnswer(flavour, body.model, options);
    if (retired) {
      send(res, retired.status, 'application/json', retired.body, []);
      return;
    }
    if (flavour === 'groq' && body.unsupportedField) {
      sendError(res, 400, `'${body.unsupportedField}' is not supported with this model`, 'invalid_request_error', 'unsupported_parameter');
      return;
    }

    const format = responseFormatType(body.raw.response_format);
    const accepted = options.responseFormats?.[body.model];
    if (format !== undefined && accepted !== undefined && !accepted.includes(format)) {
      sendError(res, 400, `response_format \`${format}\` is not supported with this model`, 'invalid_request_error', 'invalid_request');
      return;
    }

    let text = (options.respond ?? defaultRespond)(body);
    let finishReason: 'stop' | 'length' = 'stop';
    if (body.maxTokens !== undefined && text.length > body.maxTokens * 4) {
      text = text.slice(0, body.maxTokens * 4);
      finishReason = 'length';
    }
    const usage = fakeUsage(body, text, options.cachedTokens ?? 0);

    let headers = STATIC_HEADERS[flavour];
    if (limiter) {
      // What the server reserves up front: the prompt and the whole output cap (as Cerebras documents).
      const admission = limiter.admit(body.model, usage.promptTokens + (body.maxTokens ?? usage.completionTokens), flavour, performance.now());
      if (admission.status !== 200) {
        const answer = limitAnswer(limiter.config.errorBody ?? flavour, body.model, admission);
        send(res, answer.status, answer.contentType, answer.body, admission.headers);
        return;
      }
      headers = admission.headers;
    }

    const fault = scriptedFaults.get(key)?.shift() ?? drawRandomFault();
    if (fault === 'hang') {
      stats.hung++;
      return;
    }
    if (fault === '429') {
      const retryAfter = options.scriptedRetryAfterSeconds ?? 1;
      sendError(res, 429, `Rate limit reached. Please try again in ${retryAfter}s.`, 'requests', 'rate_limit_exceeded', [
        'retry-after',
        String(retryAfter),
        ...headers,
      ]);
      return;
    }
    if (fault === '500') {
      sendError(res, 500, 'Internal server error (fake)', 'internal_server_error', 'internal_error', headers);
      return;
    }

    const deliver = (): void => {
      if (res.destroyed) return;
      const parts = { flavour, id: ++nextId, model: body.model, text, finishReason, usage };
      if (fault === 'stall') {
        stats.stalled++;
        const payload = body.stream ? streamEvents(parts) : completionJson(parts);
        res.writeHead(200, [...headers, 'content-type', body.stream ? 'text/event-stream' : 'application/json', 'content-length', String(Buffer.byteLength(payload))]);
        res.write(payload.slice(0, Math.floor(payload.length / 3)));
        return;
      }
      if (body.stream) {
        send(res, 200, 'text/event-stream', streamEvents(parts), [...headers, 'cache-control', 'no-cache']);
      } else {
        send(res, 200, 'application/json', completionJson(parts), headers);
      }
      keyStats.ok++;
    };
    const latency = typeof options.latencyMs === 'function' ? options.latencyMs(request) : (options.latencyMs ?? 0);
    if (latency > 0) {
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        deliver();
      }, latency);
      pendingTimers.add(timer);
    } else {
      deliver();
    }
  };

  function drawRandomFault(): ScriptedFault | undefined {
    const failureRate = options.failureRate ?? 0;
    const hangRate = options.hangRate ?? 0;
    if (failureRate <= 0 && hangRate <= 0) return undefined;
    const draw = random();
    if (draw < failureRate) return '500';
    if (draw < failureRate + hangRate) return 'hang';
    return undefined;
  }

  /** Lets a parent process read stats and steer a server running in a child process. */
  const handleControl = (req: IncomingMessage, res: ServerResponse, action: string): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, payload: string): void => send(res, status, 'application/json', payload, [], false);
      if (req.method === 'GET' && action === 'stats') {
        reply(200, JSON.stringify(statsToJson(stats)));
      } else if (req.method === 'GET' && action === 'rate') {
        reply(200, JSON.stringify(api.rateReport() ?? null));
      } else if (req.method === 'GET' && action === 'batches') {
        reply(200, JSON.stringify(batchApi.stats));
      } else if (req.method === 'GET' && action === 'requests') {
        reply(200, JSON.stringify(recorded));
      } else if (req.method === 'POST' && action === 'reset') {
        api.reset();
        reply(200, '{}');
      } else if (req.method === 'POST' && action === 'options') {
        try {
          api.setOptions(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<FakeServerOptions>);
          reply(200, '{}');
        } catch (error) {
          reply(400, errorJson(String(error), 'invalid_request_error', 'bad_options'));
        }
      } else {
        reply(404, errorJson(`Unknown control action ${action}`, 'invalid_request_error', 'unknown_url'));
      }
    });
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '';
    // Control calls are not traffic: they stay out of the stats.
    if (url.startsWith(CONTROL_PREFIX)) {
      handleControl(req, res, url.slice(CONTROL_PREFIX.length));
      return;
    }
    const listFlavour = req.method === 'GET' ? modelListFlavour(url) : undefined;
    if (listFlavour) {
      stats.modelListRequests++;
      req.resume();
      const answer = modelListAnswer(listFlavour, req.headers.authorization, options);
      send(res, answer.status, 'application/json', answer.body, [], false);
      return;
    }
    // Batch and file calls are not chat traffic: counted in `batchStats`.
    if (batchApi.handle(req, res, url, (status, contentType, payload) => send(res, status, contentType, payload, [], false))) return;
    stats.totalRequests++;
    stats.inFlight++;
    if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
    res.once('close', () => {
      stats.inFlight--;
    });

    const flavour: Flavour | undefined = url === GROQ_CHAT ? 'groq' : url === CEREBRAS_CHAT ? 'cerebras' : undefined;
    if (req.method === 'POST' && flavour) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
        answerChat(req, res, flavour, raw);
      });
      return;
    }
    req.resume();
    sendError(res, 404, `Unknown route ${req.method ?? ''} ${url}`, 'invalid_request_error', 'unknown_url');
  });
  server.on('connection', () => {
    stats.connections++;
  });
  // Longer than any client keep-alive, so the client never reuses a socket the server just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const api: FakeServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    batchStats: batchApi.stats,
    rateReport: () => limiter?.report(),
    setOptions(partial) {
      options = { ...options, ...partial };
      if ('rateLimit' in partial) limiter = options.rateLimit ? new RateEnforcer(options.rateLimit) : undefined;
      if ('seed' in partial) random = createPrng(options.seed ?? 1);
      if ('faultsPerKey' in partial) scriptedFaults = copyFaults(options.faultsPerKey);
    },
    reset() {
      stats.totalRequests = 0;
      stats.modelListRequests = 0;
      stats.byStatus = {};
      stats.hung = 0;
      stats.stalled = 0;
      stats.maxInFlight = stats.inFlight;
      stats.connections = 0;
      stats.perKey.clear();
      recorded.length = 0;
      batchApi.reset();
      limiter = options.rateLimit ? new RateEnforcer(options.rateLimit) : undefined;
      random = createPrng(options.seed ?? 1);
      scriptedFaults = copyFaults(options.faultsPerKey);
    },
    async close() {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  return api;
}

export interface FakeServerStatsJson extends Omit<FakeServerStats, 'perKey'> {
  perKey: Record<string, KeyStats>;
}

export function statsToJson(stats: FakeServerStats): FakeServerStatsJson {
  return { ...stats, byStatus: { ...stats.byStatus }, perKey: Object.fromEntries(stats.perKey) };
}
