import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Duplex } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/core/errors';
import { openLocalStore, stopLocalStoreHost } from '../../../src/store/local';
import { connectWire } from '../../../src/store/local/client/wire-database';
import { startCheckpoints } from '../../../src/store/local/host/checkpoints';
import { createSessionMultiplexer } from '../../../src/store/local/host/session-multiplexer';
import { isAlive } from '../../../src/store/lock';
import { watchStoreChanges } from '../../../src/extension/store-changes';

// The store host as its clients meet it: a real host process (dist/store-host.js, built by the
// vitest globalSetup), PGlite, and postgres.js clients on the socket.
const repoMigrations = path.resolve(__dirname, '../../../supabase/migrations');
const children: ChildProcess[] = [];
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-host-'));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) if (entry.isDirectory()) await stopLocalStoreHost(path.join(root, entry.name));
  fs.rmSync(root, { recursive: true, force: true });
});

function hostInfo(dataDir: string): { pid: number; migrations: string[] } {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'store-host.json'), 'utf8')) as { pid: number; migrations: string[] };
}

async function untilDead(pid: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} is still alive`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** PGlite (set up with `setupSql`) served through the session multiplexer on a socket in the test folder. */
async function multiplexed(name: string, setupSql: string) {
  const db = await PGlite.create();
  await db.exec(setupSql);
  const socketPath = path.join(root, `${name}.sock`);
  const mux = createSessionMultiplexer(db, (error) => {
    throw error;
  });
  const server = net.createServer((socket) => mux.attach(socket));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const close = async (): Promise<void> => {
    server.close();
    await db.close();
  };
  return { db, mux, socketPath, close };
}

describe('the session multiplexer', () => {
  it('keeps each client’s extended-protocol batches and transactions whole while clients interleave', async () => {
    const { db, socketPath, close } = await multiplexed('mux', 'create table t (id serial primary key, client text, n int)');
    const a = connectWire(socketPath);
    const b = connectWire(socketPath);
    try {
      // Different statement shapes at once: a Bind landing on the other client's Parse fails or answers wrongly.
      const answers = await Promise.all([
        ...Array.from({ length: 300 }, (_, i) => a.unsafe('select $1::int + 1 as n', [i]).then((rows) => rows[0]?.n === i + 1)),
        ...Array.from({ length: 300 }, (_, i) => b.unsafe("select $1::text || '!' as s, $2::int as n", [String(i), i]).then((rows) => rows[0]?.s === `${i}!`)),
        ...Array.from({ length: 100 }, (_, i) =>
          a.begin(async (tx) => {
            await tx.unsafe('insert into t (client, n) values ($1, $2)', ['a', i]);
            const [row] = await tx.unsafe("select count(*)::int as c from t where client = 'a'");
            return typeof row?.c === 'number';
          }),
        ),
        ...Array.from({ length: 100 }, (_, i) => b.begin((tx) => tx.unsafe('insert into t (client, n) values ($1, $2)', ['b', i]).then(() => true))),
      ]);
      expect(answers.filter((ok) => !ok)).toEqual([]);
      expect((await db.query<{ c: number }>('select count(*)::int as c from t')).rows[0]?.c).toBe(200);
      expect(db.isInTransaction()).toBe(false);
    } finally {
      await a.end();
      await b.end();
      await close();
    }
  }, 180_000);

  it('answers messages that arrive cut anywhere: a header split byte by byte, a large query in many chunks', async () => {
    const { db, mux, close } = await multiplexed('mux-chunks', 'select 1');
    const answered: Buffer[] = [];
    let onAnswer: () => void = () => undefined;
    const socket = new Duplex({
      read: () => undefined,
      write(chunk: Buffer, _encoding, done) {
        answered.push(chunk);
        onAnswer();
        done();
      },
    });
    try {
      mux.attach(socket as unknown as net.Socket);
      const readyCount = (): number => Buffer.concat(answered).toString('latin1').split('Z\0\0\0\x05I').length - 1;
      const ready = (count: number): Promise<void> =>
        new Promise((resolve) => {
          onAnswer = () => readyCount() >= count && resolve();
          onAnswer();
        });
      const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
      const startup = Buffer.alloc(8);
      startup.writeInt32BE(8 + params.length, 0);
      startup.writeInt32BE(196608, 4);
      for (const byte of Buffer.concat([startup, params])) socket.push(Buffer.from([byte]));
      await ready(1);
      const query = (sql: string): Buffer => {
        const body = Buffer.from(`${sql}\0`);
        const head = Buffer.alloc(5);
        head.write('Q');
        head.writeInt32BE(4 + body.length, 1);
        return Buffer.concat([head, body]);
      };
      // two queries in one stream, cut every 1,000 bytes: the second starts inside the first's last chunk
      const both = Buffer.concat([query(`select length('${'x'.repeat(300_000)}') as n`), query("select 'after' as s")]);
      for (let at = 0; at < both.length; at += 1_000) socket.push(both.subarray(at, at + 1_000));
      await ready(3);
      const text = Buffer.concat(answered).toString('latin1');
      expect(text).toContain('300000');
      expect(text).toContain('after');
      expect(text.indexOf('300000')).toBeLessThan(text.indexOf('after'));
      expect(db.isInTransaction()).toBe(false);
    } finally {
      socket.destroy();
      await close();
    }
  }, 60_000);

  it('rolls back the transaction of a client that disconnects inside it, and serves the others', async () => {
    const { db, socketPath, close } = await multiplexed('mux-drop', 'create table t (n int)');
    const other = connectWire(socketPath);
    try {
      // A raw client: startup, then a transaction left open, then gone.
      const dropping = net.connect(socketPath);
      const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
      const startup = Buffer.alloc(8);
      startup.writeInt32BE(8 + params.length, 0);
      startup.writeInt32BE(196608, 4);
      const sql = Buffer.from('begin; insert into t values (1);\0');
      const query = Buffer.alloc(5);
      query.write('Q');
      query.writeInt32BE(4 + sql.length, 1);
      let received = Buffer.alloc(0);
      const inTransaction = Buffer.from([0x5a, 0, 0, 0, 5, 0x54]); // ReadyForQuery, status T
      await new Promise<void>((resolve) => {
        dropping.on('data', (data: Buffer) => {
          received = Buffer.concat([received, data]);
          if (received.includes(inTransaction)) resolve();
        });
        dropping.write(Buffer.concat([startup, params, query, sql]));
      });
      expect(db.isInTransaction()).toBe(true);
      const waiting = other.unsafe('select count(*)::int as c from t');
      dropping.destroy();
      expect((await waiting)[0]?.c).toBe(0);
      expect(db.isInTransaction()).toBe(false);
    } finally {
      await other.end();
      await close();
    }
  }, 180_000);
});

describe('the host’s own work on the session', () => {
  it('runs between clients’ turns, never inside a client’s transaction', async () => {
    const { db, mux, socketPath, close } = await multiplexed('mux-task', 'create table t (n int)');
    const client = connectWire(socketPath);
    try {
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let inserted: () => void = () => undefined;
      const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
      const transaction = client.begin(async (tx) => {
        await tx.unsafe('insert into t values (1)');
        inserted();
        await released;
        await tx.unsafe('insert into t values (2)');
      });
      await insertedOnce;
      const seen: { inTransaction: boolean; rows: number }[] = [];
      const task = mux.betweenTurns(async () => {
        const count = await db.query<{ c: number }>('select count(*)::int as c from t');
        seen.push({ inTransaction: db.isInTransaction(), rows: count.rows[0]?.c ?? -1 });
      });
      // the client still holds the session: the task waits for its commit (run inside the
      // transaction, it would see 1 row and an open transaction)
      release();
      await transaction;
      await task;
      expect(seen).toEqual([{ inTransaction: false, rows: 2 }]);
    } finally {
      await client.end();
      await close();
    }
  }, 60_000);

  it('checkpoints once enough WAL was written, as the superuser, and gives the session back to the local user', async () => {
    const db = await PGlite.create();
    await db.exec('create role authenticated; create table t (n int, pad text); grant all on t to authenticated; set role authenticated;');
    const mux = createSessionMultiplexer(db, (error) => {
      throw error;
    });
    const lastCheckpoint = async (): Promise<string> => {
      let lsn = '';
      await mux.betweenTurns(async () => {
        await db.exec('reset role');
        lsn = (await db.query<{ lsn: string }>('select checkpoint_lsn::text as lsn from pg_catalog.pg_control_checkpoint()')).rows[0]?.lsn ?? '';
        await db.exec('set role authenticated');
      });
      return lsn;
    };
    const before = await lastCheckpoint();
    const logged: string[] = [];
    const checkpoints = await startCheckpoints(db, mux, { intervalMs: 20, minWalBytes: 64 * 1024, log: (line) => logged.push(line) });
    try {
      await db.query(`insert into t select g, repeat('x', 500) from generate_series(1, 2000) g`);
      const deadline = Date.now() + 30_000;
      while ((await lastCheckpoint()) === before) {
        if (Date.now() > deadline) throw new Error('no checkpoint was made');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(logged).toEqual([]);
      expect((await db.query<{ user: string }>('select current_user as user')).rows[0]?.user).toBe('authenticated');
    } finally {
      checkpoints.stop();
      await db.close();
    }
  }, 60_000);
});

describe('the store host', () => {
  it('lets a client notice, through the change counter, a run another client wrote', async () => {
    const dataDir = path.join(root, 'changes');
    const watching = await openLocalStore({ dataDir });
    const writing = await openLocalStore({ dataDir });
    try {
      const watcher = watchStoreChanges(watching, 50, (error) => {
        throw error;
      });
      const stampBefore = await watching.changeStamp();
      await new Promise((resolve) => setTimeout(resolve, 120)); // the watcher has read the first stamp
      const noticed = new Promise<number>((resolve) => watcher.onChanged(() => resolve(performance.now())));
      const written = performance.now();
      const run = await writing.createRun({ promptId: null, datasetId: null, promptText: 'x', graderTexts: {}, config: {}, models: [{ provider: 'sim', model: 'echo', displayLabel: 'echo', params: {} }] });
      const at = await noticed;
      watcher.dispose();
      expect(await watching.changeStamp()).not.toBe(stampBefore);
      expect((await watching.listRuns()).map((r) => r.id)).toContain(run.id);
      console.info(`shared store: a run written by another client noticed ${(at - written).toFixed(0)} ms later (polling every 50 ms)`);
    } finally {
      await watching.close();
      await writing.close();
    }
  }, 180_000);

  it('recovers the socket and lock a SIGKILLed host left, keeping what it committed', async () => {
    const dataDir = path.join(root, 'crash');
    const store = await openLocalStore({ dataDir });
    const prompt = await store.upsertPrompt({ name: 'kept', type: 'prompt', body: 'k', path: 'prompts/kept.prompt', contentHash: 'k' });
    const victim = hostInfo(dataDir).pid;
    process.kill(victim, 'SIGKILL');
    await untilDead(victim);
    expect(fs.existsSync(path.join(dataDir, 'store.sock'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'store.lock'))).toBe(true);

    // the same client goes on: its next call starts a new host
    expect(await store.getPrompt(prompt.id)).toEqual(prompt);
    const successor = hostInfo(dataDir).pid;
    expect(successor).not.toBe(victim);
    const second = await openLocalStore({ dataDir });
    expect((await second.listPrompts()).map((p) => p.id)).toEqual([prompt.id]);
    await second.close();
    await store.close();
  }, 180_000);

  it('says which process holds a store it does not serve (an older Refinery), instead of waiting forever', async () => {
    const dataDir = path.join(root, 'held');
    fs.mkdirSync(dataDir);
    const holderScript = path.join(root, 'lock-holder.cjs');
    await build({ entryPoints: [path.join(__dirname, 'fixtures', 'lock-holder.ts')], outfile: holderScript, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
    const holder = spawn(process.execPath, [holderScript, dataDir, 'hold'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(holder);
    const line = await new Promise<string>((resolve) => createInterface({ input: holder.stdout }).once('line', resolve));
    expect(line).toBe(`locked ${holder.pid}`);

    await expect(openLocalStore({ dataDir, hostTimeoutMs: 2_000 })).rejects.toSatisfy(
      (e) => isUserError(e) && e.code === 'store.locked' && e.message.includes(`held by PID ${holder.pid}`),
    );
    holder.kill('SIGKILL');
  }, 60_000);

  it('is handed over to a newer client (one more migration), and its older clients go on', async () => {
    const dataDir = path.join(root, 'handover');
    const migrationsDir = path.join(root, 'migrations-new');
    fs.cpSync(repoMigrations, migrationsDir, { recursive: true });
    const older = await openLocalStore({ dataDir });
    const olderHost = hostInfo(dataDir).pid;
    await older.upsertPrompt({ name: 'before', type: 'prompt', body: 'b', path: 'prompts/before.prompt', contentHash: 'b' });

    fs.writeFileSync(path.join(migrationsDir, '20991231000000_add_prompt_note.sql'), 'alter table public.prompt add column note text;\n');
    const newer = await openLocalStore({ dataDir, migrationsDir });
    const newerHost = hostInfo(dataDir);
    expect(newerHost.pid).not.toBe(olderHost);
    expect(isAlive(olderHost)).toBe(false);
    expect(newerHost.migrations).toContain('20991231000000');

    expect((await newer.listPrompts()).map((p) => p.path)).toEqual(['prompts/before.prompt']);
    // the older client lost its connection with the old host; its next call reaches the new one
    expect((await older.listPrompts()).map((p) => p.path)).toEqual(['prompts/before.prompt']);
    await older.close();
    await newer.close();
  }, 180_000);
});
