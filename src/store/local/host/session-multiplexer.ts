/**
 * Serves PGlite's one database session to many clients over the Postgres wire protocol.
 *
 * PGlite has a single session, so clients take turns. A turn is everything a client sends up
 * to a point where the session is free again: a simple Query, or an extended-protocol batch up
 * to its Sync. A client keeps the session across turns while it is inside a transaction, or
 * after a Flush (it reads a statement's description before it sends the Bind): the unnamed
 * prepared statement and the transaction belong to it until then.
 *
 * `@electric-sql/pglite-socket` (0.2.17) queues single messages instead, so the Parse of one
 * client and the Bind of another interleave on the shared unnamed statement: two postgres.js
 * clients sending 4,000 parameterised queries at once got 2,000 "bind message supplies 1
 * parameters, but prepared statement "" requires 2" (electric-sql/pglite#1046, open).
 */
import type net from 'node:net';

/** The part of PGlite this needs (a structural type: tests can count what runs). */
export interface WireSession {
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  exec(sql: string): Promise<unknown>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

interface ClientTurn {
  client: Client;
  message: Uint8Array;
  /** Ends with Flush: the client reads an answer before it finishes the batch. */
  keepsSession: boolean;
}

/** The host's own work on the session (a checkpoint), between two clients' turns. */
interface HostTurn {
  task: () => Promise<void>;
}

type Turn = ClientTurn | HostTurn;

interface Client {
  socket: net.Socket;
  started: boolean;
  /** The complete messages of the turn being received. */
  pending: Buffer[];
  /** What arrived after the last complete message, in the chunks it came in. */
  chunks: Buffer[];
  chunkBytes: number;
  /** How many bytes `chunks` must hold before the next message can be cut from them. */
  needed: number;
}

export interface SessionMultiplexer {
  attach(socket: net.Socket): void;
  /** Clients connected now. */
  readonly clientCount: number;
  /** Resolves once no client holds the session (a transaction or a batch in progress). */
  whenSessionFree(): Promise<void>;
  /**
   * Runs `task` on the session at the next point where no client holds it, before the turns
   * queued after it; it settles as `task` does (its failure is not the session's).
   */
  betweenTurns(task: () => Promise<void>): Promise<void>;
}

export function createSessionMultiplexer(db: WireSession, onFatal: (error: unknown) => void): SessionMultiplexer {
  const clients = new Set<Client>();
  const turns: Turn[] = [];
  let holder: Client | undefined;
  let running = false;
  let freeWaiters: Array<() => void> = [];

  const notifyFree = (): void => {
    if (holder !== undefined || running) return;
    const waiters = freeWaiters;
    freeWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const nextTurn = (): Turn | undefined => {
    const index = holder === undefined ? 0 : turns.findIndex((turn) => 'client' in turn && turn.client === holder);
    return index < 0 ? undefined : turns.splice(index, 1)[0];
  };

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      for (let turn = nextTurn(); turn !== undefined; turn = nextTurn()) {
        if ('task' in turn) {
          await turn.task();
          continue;
        }
        const { client } = turn;
        await db.runExclusive(() =>
          db.execProtocolRawStream(turn.message, {
            // copied: `data` is a view of PGlite's memory, reused once this returns
            onRawData: (data) => {
              if (!client.socket.destroyed) client.socket.write(Buffer.from(data));
            },
          }),
        );
        holder = clients.has(client) && (turn.keepsSession || db.isInTransaction()) ? client : undefined;
        if (!clients.has(client) && db.isInTransaction()) await rollBack();
      }
    } catch (error) {
      onFatal(error);
    } finally {
      running = false;
      notifyFree();
    }
  };

  // exec takes PGlite's lock itself (inside runExclusive it would wait for itself)
  const rollBack = (): Promise<unknown> => db.exec('rollback');

  const detach = (client: Client): void => {
    if (!clients.delete(client)) return;
    for (let i = turns.length - 1; i >= 0; i--) {
      const turn = turns[i];
      if (turn !== undefined && 'client' in turn && turn.client === client) turns.splice(i, 1);
    }
    if (holder !== client) return;
    holder = undefined;
    // A client that died inside a transaction: undo it, then let the others go on.
    if (!running) {
      running = true;
      void (db.isInTransaction() ? rollBack() : Promise.resolve())
        .catch(onFatal)
        .finally(() => {
          running = false;
          void pump();
        });
    }
  };

  /** Keeps what follows the last complete message until `needed` bytes of it have arrived. */
  const keep = (client: Client, rest: Buffer, needed: number): void => {
    client.chunks = rest.length > 0 ? [rest] : [];
    client.chunkBytes = rest.length;
    client.needed = needed;
  };

  /**
   * Splits what arrived into messages, and queues a turn at each Sync, Query or Flush. A large
   * message (a batch of cells) comes in many chunks: they are joined once, when it is complete,
   * not at every chunk; and a turn is handed to PGlite as it is cut, without another copy.
   */
  const receive = (client: Client, data: Buffer): void => {
    client.chunks.push(data);
    client.chunkBytes += data.length;
    if (client.chunkBytes < client.needed) return;
    let buffer = client.chunks.length === 1 ? data : Buffer.concat(client.chunks, client.chunkBytes);
    for (;;) {
      if (!client.started) {
        if (buffer.length < 8) return keep(client, buffer, 8);
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return keep(client, buffer, length);
        const code = buffer.readInt32BE(4);
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          client.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          client.socket.end();
          return keep(client, Buffer.alloc(0), 0);
        }
        client.started = true;
        turns.push({ client, message, keepsSession: false });
        continue;
      }
      if (buffer.length < 5) return keep(client, buffer, 5);
      const length = 1 + buffer.readInt32BE(1);
      if (buffer.length < length) return keep(client, buffer, length);
      const type = String.fromCharCode(buffer[0] ?? 0);
      const message = buffer.subarray(0, length);
      buffer = buffer.subarray(length);
      if (type === 'X') {
        client.socket.end();
        return keep(client, Buffer.alloc(0), 0);
      }
      client.pending.push(message);
      if (type === 'S' || type === 'Q' || type === 'H') {
        const whole = client.pending.length === 1 ? message : Buffer.concat(client.pending);
        turns.push({ client, message: whole, keepsSession: type === 'H' });
        client.pending = [];
      }
    }
  };

  return {
    attach(socket) {
      const client: Client = { socket, started: false, pending: [], chunks: [], chunkBytes: 0, needed: 0 };
      clients.add(client);
      socket.setNoDelay?.(true);
      socket.on('data', (data: Buffer) => {
        receive(client, data);
        void pump();
      });
      socket.on('error', () => detach(client));
      socket.on('close', () => detach(client));
    },
    get clientCount() {
      return clients.size;
    },
    whenSessionFree() {
      if (holder === undefined && !running) return Promise.resolve();
      return new Promise((resolve) => freeWaiters.push(resolve));
    },
    betweenTurns(task) {
      return new Promise<void>((resolve, reject) => {
        turns.push({ task: () => task().then(resolve, reject) });
        void pump();
      });
    },
  };
}
