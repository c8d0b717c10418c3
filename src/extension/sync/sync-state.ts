import * as z from 'zod/mini';
// zod/mini: this module is evaluated at activation, and classic zod is most of a bundle (see esbuild.mjs).
import type { KeyValueMemento } from './ports';

const BASES_KEY = 'refinery.sync.bases';
const QUEUE_KEY = 'refinery.sync.queue';

const Bases = z.record(z.string(), z.string());

/** An operation that could not reach the store; replayed when it is back. */
const QueuedOperation = z.discriminatedUnion('kind', [
  /** Re-decide and sync this path (the file on disk holds the data, so nothing is lost). */
  z.object({ kind: z.literal('sync-path'), path: z.string() }),
  /** A full sync was asked for (sign-in, focus, command). */
  z.object({ kind: z.literal('sync-all') }),
  /** The user confirmed deleting this row (its hash then), after deleting the file. */
  z.object({ kind: z.literal('delete-remote'), path: z.string(), id: z.string(), hash: z.string() }),
]);
export type QueuedOperation = z.infer<typeof QueuedOperation>;

const Queue = z.array(QueuedOperation);

/**
 * The typed wrapper over workspaceState that sync keeps: the last-synced hash of every path
 * (the "base" of the three-way decision) and the queue of operations waiting for the store.
 * What is read back is validated; a damaged value reads as empty rather than breaking sync.
 */
export class SyncState {
  private readonly basesKey: string;
  private readonly queueKey: string;

  /** `scope`: the account, so a second account's rows are never compared with the first one's bases. */
  constructor(
    private readonly memento: KeyValueMemento,
    scope = 'default',
  ) {
    this.basesKey = `${BASES_KEY}:${scope}`;
    this.queueKey = `${QUEUE_KEY}:${scope}`;
  }

  bases(): Map<string, string> {
    return new Map(Object.entries(z.catch(Bases, {}).parse(this.memento.get(this.basesKey) ?? {})));
  }

  async setBase(path: string, hash: string | undefined): Promise<void> {
    const bases = this.bases();
    if (hash === undefined) bases.delete(path);
    else bases.set(path, hash);
    await this.memento.update(this.basesKey, Object.fromEntries(bases));
  }

  queue(): QueuedOperation[] {
    return z.catch(Queue, []).parse(this.memento.get(this.queueKey) ?? []);
  }

  async enqueue(operation: QueuedOperation): Promise<void> {
    const queue = this.queue().filter((queued) => !sameOperation(queued, operation));
    await this.memento.update(this.queueKey, [...queue, operation]);
  }

  async replaceQueue(queue: QueuedOperation[]): Promise<void> {
    await this.memento.update(this.queueKey, queue);
  }
}

function sameOperation(a: QueuedOperation, b: QueuedOperation): boolean {
  if (a.kind === 'sync-all' || b.kind === 'sync-all') return a.kind === b.kind;
  return a.kind === b.kind && a.path === b.path;
}
