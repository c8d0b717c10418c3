import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, openDataset, type DatasetRow } from '../../../src/core/dataset';
import { fixture, userErrorFrom } from './helpers';

describe('JSONL datasets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'refinery-jsonl-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  async function jsonlFile(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('reads one object per line, skips blank lines and keeps each row’s line number', async () => {
    const dataset = await loadDataset(fixture('rows.jsonl'));
    expect(dataset.format).toBe('jsonl');
    expect(dataset.columns).toEqual(['id', 'ticket', 'label', 'n', 'extra']);
    expect(dataset.rows).toEqual([
      { index: 0, line: 1, data: { id: '007', ticket: 'Printer jam' } },
      { index: 1, line: 3, data: { id: '008', label: 'billing', n: 2 } },
      { index: 2, line: 5, data: { ticket: 'x', extra: [1, { k: null }] } },
    ]);
  });

  it('opens .ndjson as JSONL', async () => {
    const source = await openDataset(fixture('rows.ndjson'));
    expect(source.format).toBe('jsonl');
    expect(source.columns).toEqual(['ticket']);
  });

  it('streams in batches and re-reads on each call', async () => {
    const path = await jsonlFile('many.jsonl', Array.from({ length: 7 }, (_, i) => JSON.stringify({ n: i })).join('\n'));
    const source = await openDataset(path);
    for (let pass = 0; pass < 2; pass++) {
      const batches: DatasetRow[][] = [];
      for await (const batch of source.batches(3)) batches.push(batch);
      expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
      expect(batches.flat().map((row) => row.data.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
  });

  it('strips a BOM on the first line', async () => {
    const path = await jsonlFile('bom.jsonl', '\uFEFF{"a": 1}\n');
    const { rows } = await loadDataset(path);
    expect(rows[0]?.data).toEqual({ a: 1 });
  });

  it('reports a malformed line with its line number and column', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('bad-line.jsonl')));
    expect(error.code).toBe('dataset.json');
    // `{"ticket": "c", oops}`: the bad token starts at column 17
    expect(error.location).toEqual({ file: fixture('bad-line.jsonl'), line: 4, column: 17 });
    expect(error.message).toMatch(/^invalid JSON: /);
    expect(error.fix).toContain('one JSON object per line');
  });

  it('reports a line that is valid JSON but not an object', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('array-line.jsonl')));
    expect(error.code).toBe('dataset.json');
    expect(error.location.line).toBe(2);
    expect(error.message).toContain('line 2 holds an array of 2 items');
  });

  it('reports a file with only blank lines as dataset.empty', async () => {
    const path = await jsonlFile('blank.jsonl', '\n   \n\n');
    const error = await userErrorFrom(() => openDataset(path));
    expect(error.code).toBe('dataset.empty');
  });
});
