import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../support/cli-process';

// The real CLI on the local store: the same file run twice keeps one dataset, a stored dataset
// runs by id without its file, `datasets list|show|delete`.
let dir: string;

const env = () => ({ REFINERY_HOME: path.join(dir, 'store') });
const cli = (...args: string[]) => runCli(args, { cwd: dir, env: env() });

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-cli-datasets-'));
  writeFileSync(path.join(dir, 'tickets.csv'), 'ticket,expected\nI was charged twice,billing\nThe app crashes,bug\n,bug\n');
  writeFileSync(path.join(dir, 'echo.prompt'), '---\nmodel: sim/echo\n---\n{{role "user"}}{{ticket}}\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function datasetLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^[0-9a-f-]{36} /.test(line));
}

describe('refinery datasets', () => {
  it('runs on the same file twice keep one dataset, then a run by --dataset-id reads it from the store', async () => {
    for (let i = 0; i < 2; i++) {
      const run = await cli('run', 'echo.prompt', '--dataset', 'tickets.csv');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const listed = await cli('datasets', 'list');
    const lines = datasetLines(listed.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/tickets\.csv {2}v1 {2}3 rows × 2 columns {2}\d+ B {2}2 runs {2}tickets\.csv$/);
    const id = lines[0]?.slice(0, 36) ?? '';

    rmSync(path.join(dir, 'tickets.csv'));
    const byId = await cli('run', 'echo.prompt', '--dataset-id', id);
    expect(byId.stderr).toBe('');
    expect(byId.code).toBe(0);
    expect(datasetLines((await cli('datasets', 'list')).stdout)[0]).toContain('3 runs');

    const shown = await cli('datasets', 'show', id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('  ticket  text, 1 empty\n');
    expect(shown.stdout).toContain('  expected  text, 0 empty\n');
    expect(shown.stdout).toContain('  1  {"ticket":"I was charged twice","expected":"billing"}\n');

    const deleted = await cli('datasets', 'delete', id);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/: 0 rows removed; 3 runs used it: the 3 rows their cells ran on are kept/);
    expect(datasetLines((await cli('datasets', 'list')).stdout)).toEqual([]);
    // the runs stay readable
    const runs = await cli('runs', 'list');
    expect(runs.stdout.match(/ completed  echo  3 cells, 1 errored /g)).toHaveLength(3);
  }, 300_000);

  it('says what is wrong with an unknown id or a bad combination', async () => {
    const unknown = await cli('datasets', 'show', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no dataset with id 00000000-0000-4000-8000-000000000000');
    const both = await cli('run', 'echo.prompt', '--dataset', 'x.csv', '--dataset-id', 'abc');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exclude each other');
  }, 60_000);
});
