import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import Papa from 'papaparse';
import { UserError } from '../errors';
import type { ExportRow } from './export-rows';

export type ExportFormat = 'csv' | 'json' | 'jsonl';

export function exportFormatOf(file: string): ExportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new UserError('cli.usage', `cannot tell the export format of ${file}`, { file }, 'name the output file .csv, .json or .jsonl');
}

function csvCell(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}

/** Writes rows to a file, streaming so a 100k-cell run is never one giant string. */
export async function writeExport(file: string, rows: ExportRow[]): Promise<void> {
  const format = exportFormatOf(file);
  const stream = createWriteStream(file, { encoding: 'utf8' });
  const write = async (chunk: string) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  if (format === 'csv') {
    const fields = rows.length > 0 ? Object.keys(rows[0] ?? {}) : [];
    // Papa ends a header without data rows with a newline already: no blank second line.
    await write(`${Papa.unparse({ fields, data: [] }, { newline: '\n' }).replace(/\n$/, '')}\n`);
    for (let i = 0; i < rows.length; i += 1000) {
      const data = rows.slice(i, i + 1000).map((row) => fields.map((f) => csvCell(row[f])));
      await write(Papa.unparse({ fields, data }, { header: false, newline: '\n' }) + '\n');
    }
  } else if (format === 'jsonl') {
    for (const row of rows) await write(JSON.stringify(row) + '\n');
  } else {
    await write('[\n');
    for (let i = 0; i < rows.length; i++) await write(`  ${JSON.stringify(rows[i])}${i < rows.length - 1 ? ',' : ''}\n`);
    await write(']\n');
  }
  stream.end();
  await once(stream, 'finish');
}
