import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore, stopLocalStoreHost, writeLocalStoreSeed } from '../../../src/store/local';

const migrationsDir = path.resolve(__dirname, '../../../supabase/migrations');
let root: string;
let seedFile: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-seed-'));
  seedFile = path.join(root, 'dist', 'pgdata-seed.tar.gz');
  await writeLocalStoreSeed(seedFile);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('local store seed', () => {
  it('starts a new store from the seed, already migrated, and keeps it afterwards', async () => {
    const dataDir = path.join(root, 'seeded');
    const started = performance.now();
    const store = await openLocalStore({ dataDir, seed: seedFile });
    console.info(`local store: first open from a seed ${(performance.now() - started).toFixed(0)} ms`);
    const prompt = await store.upsertPrompt({ name: 'p', type: 'prompt', body: 'b', path: 'p.prompt', contentHash: 'h' });
    await store.close();
    // the database is its host's until it stops (two PGlites on one data directory would corrupt it)
    await stopLocalStoreHost(dataDir);

    const raw = await PGlite.create(path.join(dataDir, 'pgdata'));
    const versions = await raw.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version');
    await raw.close();
    expect(versions.rows.map((r) => r.version)).toEqual(fs.readdirSync(migrationsDir).map((f) => f.slice(0, 14)).sort());

    const reopened = await openLocalStore({ dataDir, seed: seedFile });
    expect(await reopened.getPrompt(prompt.id)).toEqual(prompt);
    await reopened.close();
    await stopLocalStoreHost(dataDir);
  }, 180_000);

  it('carries the change counter, so a store started from it installs nothing', async () => {
    const seeded = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(seedFile)]) });
    const mark = await seeded.query<{ mark: string | null }>(
      `select pg_catalog.obj_description(pg_catalog.to_regnamespace('refinery_local')::oid, 'pg_namespace') as mark`,
    );
    await seeded.close();
    expect(mark.rows[0]?.mark).toMatch(/^refinery change counter [0-9a-f]{64}$/);
  }, 60_000);

  it('starts from the seed over what a host killed while unpacking it left behind', async () => {
    const dataDir = path.join(root, 'interrupted');
    // a data directory without PG_VERSION, and a half-unpacked seed beside it
    fs.mkdirSync(path.join(dataDir, 'pgdata', 'base'), { recursive: true });
    fs.mkdirSync(path.join(dataDir, 'pgdata.seeding', 'global'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'pgdata.seeding', 'global', 'pg_control'), 'cut short');
    const store = await openLocalStore({ dataDir, seed: seedFile });
    const prompt = await store.upsertPrompt({ name: 'p', type: 'prompt', body: 'b', path: 'p.prompt', contentHash: 'h' });
    expect(await store.getPrompt(prompt.id)).toEqual(prompt);
    await store.close();
    await stopLocalStoreHost(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'pgdata.seeding'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
  }, 180_000);

  it('falls back to initdb when the seed cannot be loaded', async () => {
    const broken = path.join(root, 'broken.tar.gz');
    fs.writeFileSync(broken, 'not a tarball');
    const store = await openLocalStore({ dataDir: path.join(root, 'fallback'), seed: broken });
    expect(await store.listPrompts()).toEqual([]);
    await store.close();
    await stopLocalStoreHost(path.join(root, 'fallback'));
  }, 180_000); // a full initdb, like the store hooks (vitest.config.mts)
});
