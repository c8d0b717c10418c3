/**
 * The fake server's file and batch endpoints (OpenAI's Batch API, as Groq serves it under
 * `/openai/v1` and Cerebras' preview under `/v1`):
 *   POST /files (multipart, purpose=batch) · GET /files/{id}/content
 *   POST /batches · GET /batches (newest first) · GET /batches/{id} · POST /batches/{id}/cancel
 *   GET /v1/batches/{id}/results (Cerebras: lines {custom_id, status, response | error})
 * Processing is driven by polls, not by time: every `GET /batches/{id}` processes
 * `linesPerPoll` more lines, so a test never sleeps for a batch. Results come out unordered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { completionJson, errorJson, fakeUsage, lastUserContent, parseChatBody, type FakeChatBody, type Flavour } from './wire-format';

export interface FakeBatchOptions {
  /** Lines one input file may hold (the real limit is 50,000); a bigger file fails validation. */
  maxLines?: number;
  /** Lines processed per `GET /batches/{id}`; default all of them on the first poll. */
  linesPerPoll?: number;
  /** Lines whose last user message contains this text fail (they go to the error file). */
  failContaining?: string;
  /** The batch expires once this fraction of its lines is processed (0.3: 30 % done, 70 % expired). */
  expireAtFraction?: number;
}

export interface FakeBatchStats {
  filesUploaded: number;
  batchesCreated: number;
  /** `POST /batches/{id}/cancel` calls received. */
  cancelRequests: number;
  /** Lines of every uploaded input file. */
  linesReceived: number;
  /** The largest number of lines a created batch held. */
  largestBatch: number;
}

type BatchState = 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'failed' | 'expired' | 'cancelling' | 'cancelled';

interface StoredFile {
  id: string;
  text: string;
  purpose: string;
}

interface LineResult {
  customId: string;
  ok: boolean;
  /** The completion JSON for a success, the error for a failure. */
  payload: string;
  code: string;
}

interface FakeBatch {
  id: string;
  flavour: Flavour;
  inputFileId: string;
  window: string;
  state: BatchState;
  createdAt: number;
  lines: Array<{ customId: string; body: FakeChatBody | string }>;
  /** Processed lines, in completion order (shuffled, as providers do not keep the input order). */
  done: LineResult[];
  outputFileId?: string;
  errorFileId?: string;
  errors?: string;
}

const ROUTE = /^\/(openai\/v1|v1)\/(files|batches)(?:\/([^/?]+))?(?:\/(content|cancel|results))?\/?$/;

export interface FakeBatchApi {
  readonly stats: FakeBatchStats;
  /** Handles the request when it is a file or batch route; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: string, send: (status: number, contentType: string, payload: string) => void): boolean;
  reset(): void;
}

export function createFakeBatchApi(options: () => FakeBatchOptions, respond: (body: FakeChatBody) => string): FakeBatchApi {
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, FakeBatch>();
  const stats: FakeBatchStats = { filesUploaded: 0, batchesCreated: 0, cancelRequests: 0, linesReceived: 0, largestBatch: 0 };
  let nextId = 0;
  const newId = (prefix: string): string => `${prefix}_fake${String(++nextId).padStart(6, '0')}`;

  const batchJson = (batch: FakeBatch): string => {
    const failed = batch.done.filter((line) => !line.ok).length;
    const finished = ['completed', 'failed', 'expired', 'cancelled'].includes(batch.state);
    return JSON.stringify({
      id: batch.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: batch.errors === undefined ? null : { object: 'list', data: [{ code: 'invalid_file', message: batch.errors, line: null, param: null }] },
      input_file_id: batch.inputFileId,
      completion_window: batch.window,
      status: batch.state,
      output_file_id: batch.outputFileId ?? null,
      error_file_id: batch.errorFileId ?? null,
      created_at: batch.createdAt,
      completed_at: batch.state === 'completed' ? batch.createdAt + 60 : null,
      expires_at: batch.createdAt + 86_400,
      request_counts: { total: batch.lines.length, completed: batch.done.length - failed, failed: finished ? batch.lines.length - (batch.done.length - failed) : failed },
      metadata: null,
    });
  };

  const processLine = (batch: FakeBatch, line: FakeBatch['lines'][number]): LineResult => {
    if (typeof line.body === 'string') return { customId: line.customId, ok: false, payload: errorJson(line.body, 'invalid_request_error', 'invalid_request'), code: 'invalid_request' };
    const failText = options().failContaining;
    if (failText !== undefined && lastUserContent(line.body).includes(failText)) {
      return { customId: line.customId, ok: false, payload: errorJson('The model could not answer this request (fake)', 'invalid_request_error', 'invalid_request'), code: 'invalid_request' };
    }
    const text = respond(line.body);
    const usage = fakeUsage(line.body, text, 0);
    return { customId: line.customId, ok: true, payload: completionJson({ flavour: batch.flavour, id: ++nextId, model: line.body.model, text, finishReason: 'stop', usage }), code: '' };
  };

  /** Writes the output and error files as OpenAI does: one line per request, by custom_id. */
  const finish = (batch: FakeBatch, state: 'completed' | 'expired' | 'cancelled'): void => {
    const doneIds = new Set(batch.done.map((line) => line.customId));
    const output: string[] = [];
    const errors: string[] = [];
    for (const line of batch.done) {
      const id = newId('batch_req');
      if (line.ok) output.push(`{"id":"${id}","custom_id":${JSON.stringify(line.customId)},"response":{"status_code":200,"request_id":"req_${id}","body":${line.payload}},"error":null}`);
      else errors.push(`{"id":"${id}","custom_id":${JSON.stringify(line.customId)},"response":{"status_code":400,"request_id":"req_${id}","body":${line.payload}},"error":null}`);
    }
    const code = state === 'expired' ? 'batch_expired' : 'batch_cancelled';
    const message = state === 'expired' ? 'This request could not be executed before the completion window expired.' : 'This request was not executed because the batch was cancelled.';
    for (const line of batch.lines) {
      if (doneIds.has(line.customId)) continue;
      errors.push(`{"id":"${newId('batch_req')}","custom_id":${JSON.stringify(line.customId)},"response":null,"error":{"code":"${code}","message":"${message}"}}`);
    }
    if (output.length > 0) batch.outputFileId = store(`${output.join('\n')}\n`, 'batch_output');
    if (errors.length > 0) batch.errorFileId = store(`${errors.join('\n')}\n`, 'batch_output');
    batch.state = state;
  };

  const store = (text: string, purpose: string): string => {
    const id = newId('file');
    files.set(id, { id, text, purpose });
    return id;
  };

  /** One poll's worth of processing. */
  const advance = (batch: FakeBatch): void => {
    if (batch.state === 'validating') {
      batch.state = 'in_progress';
      return;
    }
    if (batch.state === 'cancelling') {
      finish(batch, 'cancelled');
      return;
    }
    if (batch.state !== 'in_progress') return;
    const { linesPerPoll, expireAtFraction } = options();
    const step = linesPerPoll ?? batch.lines.length;
    const expireAt = expireAtFraction === undefined ? Infinity : Math.floor(batch.lines.length * expireAtFraction);
    // Unordered: lines finish from both ends of the file alternately.
    const pending = batch.lines.filter((line) => !batch.done.some((d) => d.customId === line.customId));
    for (let i = 0; i < step && pending.length > 0 && batch.done.length < expireAt; i++) {
      const line = i % 2 === 0 ? pending.pop() : pending.shift();
      if (line) batch.done.push(processLine(batch, line));
    }
    if (batch.done.length >= expireAt) finish(batch, 'expired');
    else if (pending.length === 0) finish(batch, 'completed');
  };

  const readBody = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const parseLines = (text: string): FakeBatch['lines'] | string => {
    const lines: FakeBatch['lines'] = [];
    for (const [index, raw] of text.split('\n').entries()) {
      if (raw.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        return `line ${index + 1} is not valid JSON`;
      }
      const line = value as { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };
      if (typeof line.custom_id !== 'string' || line.method !== 'POST' || line.url !== '/v1/chat/completions' || typeof line.body !== 'object') {
        return `line ${index + 1} needs custom_id, method POST, url /v1/chat/completions and a body`;
      }
      lines.push({ customId: line.custom_id, body: parseChatBody(JSON.stringify(line.body)) });
    }
    return lines;
  };

  const handle: FakeBatchApi['handle'] = (req, res, url, send) => {
    const match = ROUTE.exec(url.split('?')[0] ?? '');
    if (!match) return false;
    const [, prefix, resource, id, action] = match;
    const flavour: Flavour = prefix === 'openai/v1' ? 'groq' : 'cerebras';
    const json = (status: number, payload: string): void => send(status, 'application/json', payload);
    const notFound = (): void => json(404, errorJson(`No such ${resource === 'files' ? 'file' : 'batch'}: ${id ?? ''}`, 'invalid_request_error', 'not_found'));

    void readBody(req).then(async (raw) => {
      if (resource === 'files' && req.method === 'POST' && id === undefined) {
        const form = await new Response(raw, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData().catch(() => undefined);
        const file = form?.get('file');
        if (!form || form.get('purpose') !== 'batch' || !(file instanceof File)) {
          json(400, errorJson('expected multipart form data with purpose=batch and a file', 'invalid_request_error', 'invalid_request'));
          return;
        }
        const text = await file.text();
        stats.filesUploaded++;
        const fileId = store(text, 'batch');
        json(200, JSON.stringify({ id: fileId, object: 'file', bytes: Buffer.byteLength(text), created_at: Math.floor(Date.now() / 1000), filename: file.name, purpose: 'batch' }));
        return;
      }
      if (resource === 'files' && req.method === 'GET' && id !== undefined && action === 'content') {
        const file = files.get(id);
        if (!file) notFound();
        else send(200, 'application/octet-stream', file.text);
        return;
      }
      if (resource === 'batches' && req.method === 'POST' && id === undefined) {
        const body = JSON.parse(raw.toString('utf8') || '{}') as { input_file_id?: string; endpoint?: string; completion_window?: string };
        const input = body.input_file_id === undefined ? undefined : files.get(body.input_file_id);
        if (!input) {
          json(400, errorJson('input_file_id does not name an uploaded file', 'invalid_request_error', 'invalid_request'));
          return;
        }
        if (body.endpoint !== '/v1/chat/completions' || !/^\d+[hd]$/.test(body.completion_window ?? '')) {
          json(400, errorJson('endpoint must be /v1/chat/completions and completion_window like 24h', 'invalid_request_error', 'invalid_request'));
          return;
        }
        const lines = parseLines(input.text);
        const batch: FakeBatch = { id: newId('batch'), flavour, inputFileId: input.id, window: body.completion_window ?? '24h', state: 'validating', createdAt: Math.floor(Date.now() / 1000), lines: [], done: [] };
        const maxLines = options().maxLines ?? 50_000;
        if (typeof lines === 'string') {
          batch.state = 'failed';
          batch.errors = lines;
        } else if (lines.length > maxLines) {
          batch.state = 'failed';
          batch.errors = `the input file has ${lines.length} lines; a batch takes at most ${maxLines}`;
        } else batch.lines = lines;
        stats.batchesCreated++;
        stats.linesReceived += batch.lines.length;
        stats.largestBatch = Math.max(stats.largestBatch, batch.lines.length);
        batches.set(batch.id, batch);
        json(200, batchJson(batch));
        return;
      }
      if (resource === 'batches' && req.method === 'GET' && id === undefined) {
        json(200, `{"object":"list","data":[${[...batches.values()].reverse().map(batchJson).join(',')}],"has_more":false}`);
        return;
      }
      const batch = id === undefined ? undefined : batches.get(id);
      if (resource === 'batches' && !batch) {
        notFound();
        return;
      }
      if (batch && req.method === 'GET' && action === undefined) {
        advance(batch);
        json(200, batchJson(batch));
        return;
      }
      if (batch && req.method === 'POST' && action === 'cancel') {
        stats.cancelRequests++;
        if (batch.state === 'validating' || batch.state === 'in_progress') batch.state = 'cancelling';
        json(200, batchJson(batch));
        return;
      }
      if (batch && req.method === 'GET' && action === 'results' && flavour === 'cerebras') {
        if (!['completed', 'expired', 'cancelled'].includes(batch.state)) {
          json(409, errorJson('results are available once the batch has finished', 'invalid_request_error', 'batch_not_finished'));
          return;
        }
        send(200, 'application/octet-stream', cerebrasResults(batch));
        return;
      }
      json(404, errorJson(`Unknown route ${req.method ?? ''} ${url}`, 'invalid_request_error', 'unknown_url'));
    });
    return true;
  };

  /** Cerebras' results endpoint: one line per request, `status` succeeded | failed | expired. */
  const cerebrasResults = (batch: FakeBatch): string => {
    const doneIds = new Set(batch.done.map((line) => line.customId));
    const lines = batch.done.map((line) =>
      line.ok
        ? `{"custom_id":${JSON.stringify(line.customId)},"status":"succeeded","response":${line.payload}}`
        : `{"custom_id":${JSON.stringify(line.customId)},"status":"failed","error":{"code":"${line.code}","message":"The model could not answer this request (fake)"}}`,
    );
    for (const line of batch.lines) {
      if (!doneIds.has(line.customId)) lines.push(`{"custom_id":${JSON.stringify(line.customId)},"status":"expired","error":{"code":"timeout","message":"Batch expired before this request completed."}}`);
    }
    return `${lines.join('\n')}\n`;
  };

  return {
    stats,
    handle,
    reset() {
      files.clear();
      batches.clear();
      Object.assign(stats, { filesUploaded: 0, batchesCreated: 0, cancelRequests: 0, linesReceived: 0, largestBatch: 0 });
    },
  };
}
