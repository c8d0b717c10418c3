// The real CLI process with --store supabase against the local Supabase API: a run with a
// dataset (uploaded to Storage), `runs list`, `export`, both ways to authenticate from CI, and
// one clear error for a missing variable.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../support/cli-process';
import { anonKey, secretKey, signUpUser, supabaseUrl, type TestUser } from './support/env';

let dir: string;
let erin: TestUser;

beforeAll(async () => {
  ensureBuilt();
  erin = await signUpUser('erin');
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-cli-supabase-'));
  writeFileSync(path.join(dir, 'hello.prompt'), '---\nmodel: sim/echo\n---\n{{role "user"}}Say {{word}}\n');
  writeFileSync(path.join(dir, 'words.csv'), 'word\nalpha\nbeta\ngamma\n');
  writeFileSync(path.join(dir, 'plain.prompt'), '---\nmodel: sim/echo\n---\n{{role "user"}}Say hello\n');
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await erin.store.close();
});

function userEnv(): Record<string, string> {
  return { SUPABASE_URL: supabaseUrl, SUPABASE_ANON_KEY: anonKey, SUPABASE_ACCESS_TOKEN: erin.accessToken };
}

describe('refinery --store supabase', () => {
  it('runs a prompt on a dataset into the user\'s project, lists and exports it', async () => {
    const run = await runCli(['run', 'hello.prompt', '--dataset', 'words.csv', '--store', 'supabase'], { cwd: dir, env: userEnv() });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(erin.accessToken);

    const [summary] = await erin.store.listRuns();
    expect(summary).toMatchObject({ status: 'completed', promptName: 'hello', cellCount: 3, failedCount: 0 });
    const dataset = await erin.store.getDataset(summary?.datasetId ?? '');
    expect(dataset).toMatchObject({ name: 'words.csv', rowCount: 3, filePath: `${erin.id}/${dataset?.id}/words.csv` });
    const file = await erin.client.storage.from('datasets').download(dataset?.filePath ?? '');
    expect(await file.data?.text()).toBe('word\nalpha\nbeta\ngamma\n');

    const list = await runCli(['runs', 'list', '--store', 'supabase'], { cwd: dir, env: userEnv() });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(summary?.id);

    const exported = await runCli(['export', summary?.id ?? '', '--out', 'out.json', '--store', 'supabase'], { cwd: dir, env: userEnv() });
    expect(exported.code).toBe(0);
    expect(readFileSync(path.join(dir, 'out.json'), 'utf8')).toContain('alpha');
  });

  it('acts for one user with the service role key', async () => {
    const env = { SUPABASE_URL: supabaseUrl, SUPABASE_SERVICE_ROLE_KEY: secretKey, REFINERY_OWNER_ID: erin.id };
    const run = await runCli(['run', 'plain.prompt', '--store', 'supabase'], { cwd: dir, env });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(secretKey);
    const runs = await erin.store.listRuns();
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ promptName: 'plain', datasetId: null, cellCount: 1 });
  });

  it('names the missing variable in one clear error', async () => {
    const noUrl = await runCli(['runs', 'list', '--store', 'supabase'], { cwd: dir, env: {} });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/needs SUPABASE_URL/);
    expect(noUrl.stderr).not.toMatch(/\n\s+at /);

    const noCredentials = await runCli(['runs', 'list', '--store', 'supabase'], { cwd: dir, env: { SUPABASE_URL: supabaseUrl, SUPABASE_ANON_KEY: anonKey } });
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toMatch(/SUPABASE_ACCESS_TOKEN/);

    const noOwner = await runCli(['runs', 'list', '--store', 'supabase'], {
      cwd: dir,
      env: { SUPABASE_URL: supabaseUrl, SUPABASE_SERVICE_ROLE_KEY: secretKey },
    });
    expect(noOwner.code).toBe(2);
    expect(noOwner.stderr).toMatch(/REFINERY_OWNER_ID/);
    expect(noOwner.stderr).not.toContain(secretKey);
  });

  it('an unknown --store value is a usage error', async () => {
    const bad = await runCli(['runs', 'list', '--store', 'postgres'], { cwd: dir, env: {} });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--store must be "local" or "supabase"/);
  });
});
