import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFormatOf, loadDataset, openDataset } from '../../../src/core/dataset';
import { fixture, userErrorFrom } from './helpers';

describe('opening datasets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'refinery-open-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a.csv', 'csv'],
    ['A.CSV', 'csv'],
    ['a.json', 'json'],
    ['a.jsonl', 'jsonl'],
    ['a.ndjson', 'jsonl'],
  ])('picks the format of %s from its extension', (path, format) => {
    expect(datasetFormatOf(path)).toBe(format);
  });

  it('rejects an unknown extension before touching the file, listing the supported ones', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('notes.txt')));
    expect(error.code).toBe('dataset.read');
    expect(error.message).toBe('unsupported dataset file type ".txt"');
    expect(error.location.file).toBe(fixture('notes.txt'));
    expect(error.fix).toContain('.csv');
    expect(error.fix).toContain('.jsonl');
    const noExtension = await userErrorFrom(() => loadDataset('data/tickets'));
    expect(noExtension.message).toContain('(no extension)');
  });

  it('reports a missing file with the absolute path it looked for', async () => {
    const missing = join(dir, 'nope.csv');
    const error = await userErrorFrom(() => openDataset(missing));
    expect(error.code).toBe('dataset.read');
    expect(error.message).toContain(`looked for ${missing}`);
    expect(error.location.file).toBe(missing);
    expect(error.fix).toContain('check the dataset path');
  });

  it('reports a directory named like a dataset', async () => {
    const folder = join(dir, 'rows.csv');
    await mkdir(folder);
    const error = await userErrorFrom(() => openDataset(folder));
    expect(error.code).toBe('dataset.read');
    expect(error.message).toContain('is a directory');
  });

  it('refuses UTF-16 files with a fix to save as UTF-8', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('utf16.csv')));
    expect(error.code).toBe('dataset.read');
    expect(error.message).toContain('UTF-16');
    expect(error.fix).toContain('UTF-8');
  });

  it('reports a file deleted between open and streaming as a read error', async () => {
    const path = join(dir, 'vanishing.csv');
    await writeFile(path, 'a\n1\n');
    const source = await openDataset(path);
    await rm(path);
    const error = await userErrorFrom(async () => {
      for await (const _batch of source.batches()) {
        // consume
      }
    });
    expect(error.code).toBe('dataset.read');
    expect(error.message).toContain('not found');
  });

  it('reports a header changed between open and streaming', async () => {
    const path = join(dir, 'changing.csv');
    await writeFile(path, 'a,b\n1,2\n');
    const source = await openDataset(path);
    await writeFile(path, 'a,c\n1,2\n');
    const error = await userErrorFrom(async () => {
      for await (const _batch of source.batches()) {
        // consume
      }
    });
    expect(error.code).toBe('dataset.headers');
    expect(error.message).toContain('was: a, b; now: a, c');
  });

  it('closes the file when a consumer stops early', async () => {
    const path = join(dir, 'early.csv');
    await writeFile(path, ['n', ...Array.from({ length: 50_000 }, (_, i) => String(i))].join('\n'));
    const openFiles = async () => (await readdir('/proc/self/fd')).length;
    const before = await openFiles();
    const source = await openDataset(path);
    for await (const batch of source.batches(10)) {
      expect(batch).toHaveLength(10);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await openFiles()).toBe(before);
  });
});
