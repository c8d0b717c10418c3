import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isUserError, UserError } from '../errors';

/** Turns a Node file-system error into a UserError that names the file and what to do. */
export function fileReadError(path: string, error: unknown): UserError {
  if (isUserError(error)) return error;
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return new UserError('dataset.read', `dataset file not found (looked for ${resolve(path)})`, { file: path }, 'check the dataset path; relative paths are resolved from the prompt file or the working directory');
    case 'EISDIR':
      return new UserError('dataset.read', 'the dataset path is a directory, not a file', { file: path }, 'point to a .csv, .json or .jsonl file inside that directory');
    case 'EACCES':
    case 'EPERM':
      return new UserError('dataset.read', 'permission denied reading the dataset file', { file: path }, 'make the file readable by your user');
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new UserError('dataset.read', `cannot read the dataset file: ${detail}`, { file: path }, 'check that the file exists and is readable');
    }
  }
}

const UTF16_LE_BOM = [0xff, 0xfe];
const UTF16_BE_BOM = [0xfe, 0xff];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * Checks the path is a readable regular file in an encoding we read (UTF-8), and returns its size.
 * Spreadsheet programs often save "Unicode text" as UTF-16, which would otherwise parse as garbage.
 */
export async function inspectDatasetFile(path: string): Promise<{ size: number }> {
  try {
    const handle = await open(path, 'r');
    try {
      const stats = await handle.stat();
      if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const head = new Uint8Array(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      if (bytesRead === 2 && (startsWith(head, UTF16_LE_BOM) || startsWith(head, UTF16_BE_BOM))) {
        throw new UserError('dataset.read', 'the dataset file is UTF-16 encoded; only UTF-8 is supported', { file: path, line: 1 }, 'save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")');
      }
      return { size: stats.size };
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileReadError(path, error);
  }
}
