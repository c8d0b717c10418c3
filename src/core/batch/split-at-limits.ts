/** Splitting a run's batch lines into input files the provider accepts. */
import { UserError } from '../errors';

export interface BatchLimits {
  /** Requests one input file may hold. */
  maxLines: number;
  /** Bytes one input file may hold (UTF-8, newlines included). */
  maxBytes: number;
  /** Requests a batch must hold at least (Cerebras: 10). */
  minLines: number;
}

export interface FileSlice {
  /** Index of the first line, inclusive. */
  start: number;
  /** Index after the last line. */
  end: number;
  bytes: number;
}

/**
 * Cuts lines of the given sizes (bytes, without the newline) into consecutive files, each within
 * `maxLines` and `maxBytes`, filling each file before opening the next. Works on sizes alone, so
 * planning a 200 MB split never holds 200 MB.
 */
export function splitAtLimits(lineBytes: Iterable<number>, limits: BatchLimits): FileSlice[] {
  const slices: FileSlice[] = [];
  let current: FileSlice | undefined;
  let index = 0;
  for (const size of lineBytes) {
    const bytes = size + 1;
    if (bytes > limits.maxBytes) {
      throw new UserError(
        'batch.unsupported',
        `request ${index + 1} alone is ${bytes} bytes, more than a batch file may hold (${limits.maxBytes} bytes)`,
        {},
        'run this prompt live (without --batch), or shorten the rows it renders',
      );
    }
    if (!current || current.end - current.start >= limits.maxLines || current.bytes + bytes > limits.maxBytes) {
      current = { start: index, end: index, bytes: 0 };
      slices.push(current);
    }
    current.end = index + 1;
    current.bytes += bytes;
    index++;
  }
  return slices;
}
