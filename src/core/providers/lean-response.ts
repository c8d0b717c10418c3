/**
 * The part of `Response` the Stainless SDKs (groq-sdk, Cerebras, openai) use: `ok`, `status`,
 * `headers` (read only), `url`, `text()`, `json()` and `body`, which they iterate with
 * `for await` when reading a stream. Built per answer by `dispatch-fetch.ts` without a WHATWG
 * `Response`, `Headers` or stream: meant for the SDKs only.
 */

/** A response body: its bytes as they arrive, or all of them once complete. */
export interface LeanBody extends AsyncIterable<Buffer> {
  readonly bodyUsed: boolean;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export class LeanResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';

  constructor(
    readonly status: number,
    readonly headers: LeanHeaders,
    readonly url: string,
    readonly body: LeanBody,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get statusText(): string {
    return '';
  }

  get bodyUsed(): boolean {
    return this.body.bodyUsed;
  }

  text(): Promise<string> {
    return this.body.text();
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.body.text()) as unknown;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.body.arrayBuffer();
  }
}

/**
 * The read side of `Headers` over undici's raw header list (name, value, name, value… as
 * bytes), turned into a record on first use. A WHATWG `Headers` built per response cost a
 * validated `append` per header, and a sort each time the SDKs iterate it for their
 * (disabled) debug log, whose arguments they build anyway.
 */
export class LeanHeaders {
  #raw: Buffer[] | undefined;
  #record: Map<string, string> | undefined;

  constructor(raw: Buffer[]) {
    this.#raw = raw;
  }

  #parsed(): Map<string, string> {
    if (this.#record === undefined) {
      const record = new Map<string, string>();
      const raw = this.#raw ?? [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = (raw[i] as Buffer).toString('latin1').toLowerCase();
        const value = (raw[i + 1] as Buffer).toString('latin1');
        const previous = record.get(name);
        record.set(name, previous === undefined ? value : `${previous}, ${value}`);
      }
      this.#record = record;
      this.#raw = undefined;
    }
    return this.#record;
  }

  get(name: string): string | null {
    return this.#parsed().get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#parsed().has(name.toLowerCase());
  }

  entries(): IterableIterator<[string, string]> {
    return this.#parsed().entries();
  }

  keys(): IterableIterator<string> {
    return this.#parsed().keys();
  }

  values(): IterableIterator<string> {
    return this.#parsed().values();
  }

  forEach(callback: (value: string, name: string, headers: LeanHeaders) => void): void {
    for (const [name, value] of this.#parsed()) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
