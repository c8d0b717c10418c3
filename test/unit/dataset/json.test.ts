import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, openDataset, type DatasetRow } from '../../../src/core/dataset';
import { fixture, userErrorFrom } from './helpers';

describe('JSON array datasets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'refinery-json-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  async function jsonFile(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('reads an array of objects keeping any JSON value, with columns as the union of keys in first-seen order', async () => {
    const dataset = await loadDataset(fixture('rows.json'));
    expect(dataset.format).toBe('json');
    expect(dataset.columns).toEqual(['id', 'ticket', 'meta', 'score', 'ok']);
    expect(dataset.rows.map((row) => row.data)).toEqual([
      { id: '007', ticket: 'Printer jam', meta: { tags: ['a', 'b'] } },
      { id: '008', ticket: 'Refund?', score: 0.5 },
      { id: '009', ticket: null, ok: true },
    ]);
  });

  it('gives each item the line where it starts', async () => {
    const dataset = await loadDataset(fixture('rows.json'));
    expect(dataset.rows.map(({ index, line }) => ({ index, line }))).toEqual([
      { index: 0, line: 2 },
      { index: 1, line: 3 },
      { index: 2, line: 8 },
    ]);
  });

  it('streams the same rows through openDataset().batches()', async () => {
    const source = await openDataset(fixture('rows.json'));
    expect(source.columns).toEqual(['id', 'ticket', 'meta', 'score', 'ok']);
    const batches: DatasetRow[][] = [];
    for await (const batch of source.batches(2)) batches.push(batch);
    expect(batches.map((batch) => batch.length)).toEqual([2, 1]);
    expect(batches.flat().map((row) => row.data.id)).toEqual(['007', '008', '009']);
  });

  it('reads a BOM-prefixed, minified array', async () => {
    const path = await jsonFile('minified.json', '\uFEFF[{"a":1},{"a":2,"b":[1,{"c":3}]},{"b":"x"}]');
    const dataset = await loadDataset(path);
    expect(dataset.columns).toEqual(['a', 'b']);
    expect(dataset.rows.map((row) => row.line)).toEqual([1, 1, 1]);
  });

  it('reports invalid JSON at the line and column of the mistake', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('invalid.json')));
    expect(error.code).toBe('dataset.json');
    // `{"ticket": "b",}` on line 3: the `}` after the trailing comma is at column 18
    expect(error.location).toEqual({ file: fixture('invalid.json'), line: 3, column: 18 });
    expect(error.message).toBe('invalid JSON: expected a property name in double quotes');
    expect(error.fix).toContain('array of objects');
  });

  it.each([
    ['an unterminated array', '[\n  {"a": 1}', 2, 11, 'expected "]" to close the array'],
    ['a missing value', '[\n  {"a": }\n]', 2, 9, 'expected a value'],
    ['a comment', '[\n  // note\n  {"a": 1}\n]', 2, 3, 'comments are not allowed in JSON'],
    ['a raw newline in a string', '[{"a": "x\ny"}]', 1, 8, 'unterminated string'],
  ])('locates %s', async (_what, text, line, column, message) => {
    const path = await jsonFile('broken.json', text);
    const error = await userErrorFrom(() => loadDataset(path));
    expect(error.code).toBe('dataset.json');
    expect(error.location).toMatchObject({ line, column });
    expect(error.message).toContain(message);
  });

  it('explains what it found when the top level is not an array, pointing at nested rows', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('not-array.json')));
    expect(error.code).toBe('dataset.json');
    expect(error.message).toContain('expected an array of objects at the top level, found an object with keys rows');
    expect(error.message).toContain('under "rows"');
    expect(error.fix).toContain('one object per row');
  });

  it('names the item that is not an object and its line', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('item-not-object.json')));
    expect(error.code).toBe('dataset.json');
    expect(error.location).toEqual({ file: fixture('item-not-object.json'), line: 3 });
    expect(error.message).toContain('item 2 of the array is a string');
  });

  it.each([
    ['an empty file', ''],
    ['an empty array', '[]'],
    ['only empty objects', '[{}, {}]'],
  ])('reports %s as dataset.empty', async (_what, text) => {
    const path = await jsonFile('empty.json', text);
    const error = await userErrorFrom(() => openDataset(path));
    expect(error.code).toBe('dataset.empty');
    expect(error.fix).toBeTruthy();
  });

  it('refuses a JSON file above the size limit and suggests JSONL', async () => {
    const path = await jsonFile('big.json', JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ ticket: `row ${i}` }))));
    const error = await userErrorFrom(() => openDataset(path, { maxJsonBytes: 1_000 }));
    expect(error.code).toBe('dataset.too-large');
    expect(error.location.file).toBe(path);
    expect(error.fix).toContain('JSONL');
    const error2 = await userErrorFrom(() => loadDataset(path, { maxJsonBytes: 1_000 }));
    expect(error2.code).toBe('dataset.too-large');
    // Under the limit it opens.
    await expect(openDataset(path, { maxJsonBytes: 1_000_000 })).resolves.toMatchObject({ columns: ['ticket'] });
  });
});
