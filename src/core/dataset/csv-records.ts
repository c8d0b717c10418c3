import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { UserError } from '../errors';
import { fileReadError } from './file-access';

/** One parsed CSV record and the physical line (1-based) where it starts. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** How many records may wait for the consumer before the file stream is paused. */
const RECORD_QUEUE_LENGTH = 1_024;

const BYTE_ORDER_MARK = '\uFEFF';

const LINE_BREAK = /\r\n|\r|\n/g;

/** Line breaks inside quoted fields: each one moves the next record one physical line further down. */
function countLineBreaks(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    if (field.includes('\n') || field.includes('\r')) count += field.match(LINE_BREAK)?.length ?? 0;
  }
  return count;
}

function quoteError(path: string, line: number, error: Papa.ParseError): UserError {
  const what = error.code === 'MissingQuotes' ? 'a quoted field is never closed' : `malformed quotes (${error.message})`;
  return new UserError(
    'dataset.csv',
    `${what} in the row starting on this line`,
    { file: path, line },
    'inside a quoted field write a quote as two quotes (""), and close the field with a quote right before the next comma or line end',
  );
}

/**
 * Streams the records of a CSV file in order, with the line each starts on; blank lines come through
 * as a single empty field. Values stay strings. The file is read as a stream and paused while the
 * consumer is behind, so memory stays bounded by the queue, not by the file.
 */
export async function* readCsvRecords(path: string): AsyncGenerator<CsvRecord> {
  const file = createReadStream(path, { encoding: 'utf8' });
  let parser: Papa.Parser | undefined;
  let settled = false;
  const records = new Readable({
    objectMode: true,
    highWaterMark: RECORD_QUEUE_LENGTH,
    read() {
      if (file.isPaused()) file.resume();
    },
  });
  const fail = (error: Error) => {
    if (settled) return;
    settled = true;
    records.destroy(error);
  };

  let nextLine = 1;
  Papa.parse<string[]>(file, {
    delimiter: ',',
    beforeFirstChunk: (chunk) => (chunk.startsWith(BYTE_ORDER_MARK) ? chunk.slice(1) : chunk),
    step(result, stepParser) {
      parser = stepParser;
      if (settled) return;
      const fields = result.data;
      // With mixed line endings papaparse may leave the '\r' of a CRLF on the last field.
      const last = fields[fields.length - 1];
      if (result.meta.linebreak === '\n' && last !== undefined && last.endsWith('\r')) {
        fields[fields.length - 1] = last.slice(0, -1);
      }
      const line = nextLine;
      nextLine += 1 + countLineBreaks(fields);
      const firstError = result.errors[0];
      if (firstError) {
        fail(quoteError(path, line, firstError));
        stepParser.abort();
        return;
      }
      if (!records.push({ fields, line } satisfies CsvRecord)) file.pause();
    },
    complete() {
      if (settled) return;
      settled = true;
      records.push(null);
    },
    error(error) {
      fail(fileReadError(path, error));
    },
  });

  try {
    for await (const record of records) yield record as CsvRecord;
  } finally {
    settled = true;
    parser?.abort();
    file.destroy();
    records.destroy();
  }
}
