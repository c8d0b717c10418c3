/**
 * Regular checkpoints of the host's database. PGlite runs Postgres as a single-user backend,
 * which never checkpoints on its own (the checkpointer is a server process): every write since
 * the host started stays in the WAL to replay after a crash, which made a killed host's
 * replacement start 0.3–1.3 s slower per run it had served. A checkpoint flushes the dirty
 * pages (about 30 ms after 20,000 rows) and recovery then replays only what came after it.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { SessionMultiplexer } from './session-multiplexer';

export interface CheckpointOptions {
  /** How often the WAL position is looked at. */
  intervalMs: number;
  /** A checkpoint is made once this much WAL was written since the last one. */
  minWalBytes: number;
  log: (line: string) => void;
}

export const DEFAULT_CHECKPOINTS: Omit<CheckpointOptions, 'log'> = { intervalMs: 1_000, minWalBytes: 1 << 20 };

const WAL_POSITION = `select pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_insert_lsn(), '0/0')::text as bytes`;

export interface Checkpoints {
  stop(): void;
}

/**
 * Looks at the WAL position every `intervalMs`, between clients' turns, and checkpoints when
 * enough was written since the start. Call it before clients share the session: it reads where
 * the WAL is now (the start of Postgres, or its recovery, ended with a checkpoint). The session
 * is the local user's (`authenticated`), which may not checkpoint: the check switches to the
 * superuser for the checkpoint only, and back.
 */
export async function startCheckpoints(db: PGlite, session: Pick<SessionMultiplexer, 'betweenTurns'>, options: CheckpointOptions): Promise<Checkpoints> {
  const walPosition = async (): Promise<number> => Number((await db.query<{ bytes: string }>(WAL_POSITION)).rows[0]?.bytes);
  let checkpointedAt = await walPosition();
  let busy = false;
  let stopped = false;

  const check = async (): Promise<void> => {
    const position = await walPosition();
    if (!(position - checkpointedAt >= options.minWalBytes)) return;
    try {
      await db.exec('reset role; checkpoint;');
    } finally {
      await db.exec('set role authenticated;');
    }
    checkpointedAt = await walPosition();
  };

  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    session
      .betweenTurns(check)
      .catch((error: unknown) => {
        stopped = true;
        clearInterval(timer);
        options.log(`checkpoints stopped: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => (busy = false));
  }, options.intervalMs);
  timer.unref();

  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
