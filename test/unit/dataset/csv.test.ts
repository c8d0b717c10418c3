import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, openDataset, type DatasetRow } from '../../../src/core/dataset';
import { fixture, userErrorFrom } from './helpers';

async function allRows(path: string, batchSize?: number): Promise<DatasetRow[][]> {
  const source = await openDataset(path);
  const batches: DatasetRow[][] = [];
  for await (const batch of source.batches(batchSize)) batches.push(batch);
  return batches;
}

describe('CSV datasets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'refinery-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  async function csvFile(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('strips the BOM, reads CRLF, unescapes quotes, keeps embedded newlines and keeps values as strings', async () => {
    const dataset = await loadDataset(fixture('good.csv'));
    expect(dataset.format).toBe('csv');
    expect(dataset.columns).toEqual(['id', 'ticket', 'label']);
    expect(dataset.rows.map((row) => row.data)).toEqual([
      { id: '007', ticket: 'Printer says "PC LOAD LETTER"', label: 'hardware' },
      { id: '012', ticket: 'Line one\r\nline two, with comma', label: 'billing' },
      { id: '3', ticket: 'Plain text', label: 'other' },
    ]);
  });

  it('gives each row its index and the physical line it starts on, counting quoted newlines and blank lines', async () => {
    const dataset = await loadDataset(fixture('good.csv'));
    expect(dataset.rows.map(({ index, line }) => ({ index, line }))).toEqual([
      { index: 0, line: 2 },
      { index: 1, line: 3 },
      { index: 2, line: 6 },
    ]);
  });

  it('streams rows in batches of the requested size', async () => {
    const lines = ['n,text', ...Array.from({ length: 25 }, (_, i) => `${i},"row ${i}"`)];
    const path = await csvFile('batches.csv', lines.join('\n'));
    const batches = await allRows(path, 10);
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(batches.flat().map((row) => row.data.n)).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
  });

  it('re-reads the file on every batches() call', async () => {
    const source = await openDataset(fixture('good.csv'));
    const first: DatasetRow[] = [];
    for await (const batch of source.batches()) first.push(...batch);
    const second: DatasetRow[] = [];
    for await (const batch of source.batches()) second.push(...batch);
    expect(second).toEqual(first);
    expect(second).toHaveLength(3);
  });

  it('stops reading cleanly when the consumer breaks out early', async () => {
    const lines = ['n', ...Array.from({ length: 20_000 }, (_, i) => String(i))];
    const path = await csvFile('early-stop.csv', lines.join('\n'));
    const source = await openDataset(path);
    let seen = 0;
    for await (const batch of source.batches(100)) {
      seen += batch.length;
      break;
    }
    expect(seen).toBe(100);
    // The same source still streams from the start afterwards.
    let total = 0;
    for await (const batch of source.batches(5_000)) total += batch.length;
    expect(total).toBe(20_000);
  });

  it('reports a row with too few fields on its physical line, with expected and found counts', async () => {
    const source = await openDataset(fixture('ragged.csv'));
    const error = await userErrorFrom(async () => {
      for await (const _batch of source.batches()) {
        // consume
      }
    });
    expect(error.code).toBe('dataset.csv');
    expect(error.location).toEqual({ file: fixture('ragged.csv'), line: 4 });
    expect(error.message).toContain('row has 2 fields but the header has 3 columns (id, ticket, label)');
    expect(error.fix).toContain('exactly 3');
  });

  it('reports a row with too many fields, also from loadDataset', async () => {
    const error = await userErrorFrom(() => loadDataset(fixture('ragged-extra.csv')));
    expect(error.code).toBe('dataset.csv');
    expect(error.location.line).toBe(3);
    expect(error.message).toContain('row has 4 fields but the header has 3 columns');
  });

  it('reports a ragged first data row when opening', async () => {
    const path = await csvFile('ragged-first.csv', 'a,b\n"x\ny"\n');
    const error = await userErrorFrom(() => openDataset(path));
    expect(error.code).toBe('dataset.csv');
    expect(error.location.line).toBe(2);
    expect(error.message).toContain('row has 1 field but the header has 2 columns');
  });

  it('reports ragged rows during streaming after the first batches were delivered', async () => {
    const lines = ['a,b', ...Array.from({ length: 3_000 }, (_, i) => `${i},"v\n${i}"`), 'bad'];
    const path = await csvFile('late-ragged.csv', lines.join('\n'));
    const source = await openDataset(path);
    let delivered = 0;
    const error = await userErrorFrom(async () => {
      for await (const batch of source.batches(1_000)) delivered += batch.length;
    });
    expect(delivered).toBe(3_000);
    // header on line 1, each row spans two lines
    expect(error.location.line).toBe(2 + 3_000 * 2);
    expect(error.message).toContain('row has 1 field but the header has 2 columns');
  });

  it('names the position of empty and duplicate headers', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('duplicate-headers.csv')));
    expect(error.code).toBe('dataset.headers');
    expect(error.location).toEqual({ file: fixture('duplicate-headers.csv'), line: 1 });
    expect(error.message).toContain('column 3 has an empty header');
    expect(error.message).toContain('columns 1 and 4 are both named "id"');
    expect(error.fix).toContain('unique, non-empty name');
  });

  it('treats an empty file as dataset.empty', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('empty.csv')));
    expect(error.code).toBe('dataset.empty');
    expect(error.message).toBe('the CSV file is empty');
    expect(error.fix).toBeTruthy();
  });

  it('treats a header-only file as dataset.empty and names its columns', async () => {
    const error = await userErrorFrom(() => openDataset(fixture('header-only.csv')));
    expect(error.code).toBe('dataset.empty');
    expect(error.message).toContain('header row (id, ticket, label) but no data rows');
    expect(error.location.line).toBe(1);
  });

  it('reports an unclosed quote on the line where its row starts', async () => {
    const error = await userErrorFrom(() => loadDataset(fixture('bad-quotes.csv')));
    expect(error.code).toBe('dataset.csv');
    expect(error.location.line).toBe(3);
    expect(error.message).toContain('a quoted field is never closed');
    expect(error.fix).toContain('two quotes');
  });

  it('reports text after a closing quote as malformed quotes', async () => {
    const path = await csvFile('trailing-quote.csv', 'a,b\n1,2\n3,"x"y\n');
    const error = await userErrorFrom(() => loadDataset(path));
    expect(error.code).toBe('dataset.csv');
    expect(error.location.line).toBe(3);
    expect(error.message).toContain('malformed quotes');
  });

  it('reads mixed line endings without leaving a stray \\r, and counts a quoted newline in the header', async () => {
    const path = await csvFile('mixed.csv', '"first\ncolumn",b\n1,2\r\n3,4\n');
    const { columns, rows } = await loadDataset(path);
    expect(columns).toEqual(['first\ncolumn', 'b']);
    expect(rows).toEqual([
      { index: 0, line: 3, data: { 'first\ncolumn': '1', b: '2' } },
      { index: 1, line: 4, data: { 'first\ncolumn': '3', b: '4' } },
    ]);
  });

  it('keeps a column named __proto__ as a plain key', async () => {
    const path = await csvFile('proto.csv', '__proto__,b\nx,y\n');
    const { rows } = await loadDataset(path);
    const data = rows[0]?.data ?? {};
    expect(Object.keys(data)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });

  it('trims header names but never values', async () => {
    const path = await csvFile('spaces.csv', ' id , text\n 1 , a \n');
    const { columns, rows } = await loadDataset(path);
    expect(columns).toEqual(['id', 'text']);
    expect(rows[0]?.data).toEqual({ id: ' 1 ', text: ' a ' });
  });

  it('does not guess the delimiter: semicolons stay inside one column', async () => {
    const path = await csvFile('semicolons.csv', 'a;b\n1;2\n');
    const { columns, rows } = await loadDataset(path);
    expect(columns).toEqual(['a;b']);
    expect(rows[0]?.data).toEqual({ 'a;b': '1;2' });
  });
});
