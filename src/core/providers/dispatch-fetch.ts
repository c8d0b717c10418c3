/**
 * A fetch-shaped function over undici's lowest public layer, `Dispatcher.dispatch`: one small
 * handler object per request collects the status, the raw headers and the body chunks, and
 * is itself the body the SDKs read. No WHATWG Request/Response/Headers, no Node stream and no
 * parsed header record per answer (undici's `request` builds all three), which roughly halves
 * the client CPU of a call (see test/fake-server/measure-provider-cpu.ts).
 */
import type { Dispatcher } from 'undici';
import { answerPacer } from './answer-pacer';
import { LeanHeaders, LeanResponse, type LeanBody } from './lean-response';
import { errors } from './undici-parts';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

function hrefOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new errors.RequestAbortedError();
}

/** One request in flight: undici's handler, then the answer's body. */
class AnswerHandler implements Dispatcher.DispatchHandler, LeanBody {
  bodyUsed = false;
  #abortRequest: ((error?: Error) => void) | undefined;
  #pendingAbort: Error | undefined;
  #answered = false;
  #chunks: Buffer[] = [];
  #read = 0;
  #ended = false;
  #failure: Error | undefined;
  /** The one consumer waiting for more of the body (text() or the iterator). */
  #waiter: (() => void) | undefined;

  constructor(
    private readonly url: string,
    private readonly resolve: (response: Response) => void,
    private readonly reject: (error: Error) => void,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  readonly #onAbort = (): void => {
    const reason = abortReason(this.signal as AbortSignal);
    if (this.#abortRequest) this.#abortRequest(reason);
    else this.#pendingAbort = reason;
  };

  onConnect(abort: (error?: Error) => void): void {
    if (this.#pendingAbort) abort(this.#pendingAbort);
    else this.#abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true; // 1xx: the answer is still to come
    this.#answered = true;
    const response = new LeanResponse(statusCode, new LeanHeaders(rawHeaders), this.url, this) as unknown as Response;
    answerPacer.defer(() => this.resolve(response));
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    this.#wake();
    return true;
  }

  onComplete(): void {
    this.#ended = true;
    this.#detach();
    this.#wake();
  }

  onError(error: Error): void {
    this.#detach();
    if (!this.#answered) {
      this.reject(error);
      return;
    }
    this.#failure = error;
    this.#wake();
  }

  #detach(): void {
    this.signal?.removeEventListener('abort', this.#onAbort);
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  #use(): void {
    if (this.bodyUsed) throw new TypeError('the response body was already read');
    this.bodyUsed = true;
  }

  #all(): Promise<Buffer> {
    this.#use();
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        if (this.#failure) reject(this.#failure);
        else if (this.#ended) {
          const chunks = this.#chunks;
          this.#chunks = []; // the caller holds the bytes now; the response may live on in the SDK
          resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
        } else this.#waiter = settle;
      };
      settle();
    });
  }

  async text(): Promise<string> {
    return (await this.#all()).toString('utf8');
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#all();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    this.#use();
    const next = (): Promise<IteratorResult<Buffer>> =>
      new Promise((resolve, reject) => {
        const settle = (): void => {
          if (this.#read < this.#chunks.length) {
            const chunk = this.#chunks[this.#read] as Buffer;
            this.#chunks[this.#read++] = EMPTY; // let the chunk go once read
            resolve({ value: chunk, done: false });
          } else if (this.#failure) reject(this.#failure);
          else if (this.#ended) resolve({ value: undefined, done: true });
          else this.#waiter = settle;
        };
        settle();
      });
    return {
      next,
      // The reader stopped early: free the connection instead of reading on.
      return: (): Promise<IteratorResult<Buffer>> => {
        if (!this.#ended && !this.#failure) this.#abortRequest?.(new errors.RequestAbortedError());
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

const EMPTY = Buffer.alloc(0);

/** Absolute http(s) URLs only (the SDKs always build them). */
export function dispatchFetch(dispatcher: Dispatcher): FetchLike {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = hrefOf(input);
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const pathStart = url.indexOf('/', url.indexOf('//') + 2);
      const handler = new AnswerHandler(url, resolve, reject, signal);
      dispatcher.dispatch(
        {
          origin: pathStart === -1 ? url : url.slice(0, pathStart),
          path: pathStart === -1 ? '/' : url.slice(pathStart),
          method: init.method ?? 'GET',
          headers: init.headers as Dispatcher.DispatchOptions['headers'],
          body: init.body as Dispatcher.DispatchOptions['body'],
        },
        handler,
      );
    });
}
