import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors';

export interface MediaOptions {
  /** Relative paths are read from here: the dataset's folder, or the prompt's when the run has none. */
  baseDir: string;
  /** http(s) URLs are sent as they are (the provider fetches them); otherwise they are refused. */
  allowRemote: boolean;
  /** Named in errors. */
  promptFile: string;
}

/** Resolves a `{{media url=…}}` value to the URL sent in an `image_url` part. */
export type MediaResolver = (url: string, contentType: string | undefined) => Promise<string>;

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** Above what OpenAI-compatible providers take in one image (Groq: 20 MB by URL, 4 MB inline). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const DATA_URL = /^data:([^;,]*)[;,]/i;
const REMOTE_URL = /^https?:\/\//i;
/** A URL scheme, but not a Windows drive letter (`C:\…`). */
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/**
 * Files are read once per run (the same image in many rows is read once) and sent inline as
 * `data:` URLs; `data:` URLs go as they are; http(s) URLs only when the prompt allows remote
 * media. Refinery itself never fetches anything.
 */
export function createMediaResolver(options: MediaOptions): MediaResolver {
  const files = new Map<string, Promise<string>>();
  const fail = (message: string, fix: string): never => {
    throw new UserError('prompt.media', message, { file: options.promptFile }, fix);
  };

  const inlineFile = async (file: string, contentType: string | undefined, shown: string): Promise<string> => {
    const type = contentType ?? IMAGE_TYPES[path.extname(file).toLowerCase()];
    if (type === undefined) {
      fail(`cannot tell the image type of ${shown}`, `use a .png, .jpg, .gif or .webp file, or pass {{media url=… contentType="image/png"}}`);
    }
    if (!type?.startsWith('image/')) fail(`{{media}} ${shown} is ${type ?? 'not an image'}: Refinery sends images only`, 'use an image file');
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch {
      return fail(`no image file at ${file} (from {{media url="${shown}"}})`, `paths are relative to ${options.baseDir}: correct the path in the dataset`);
    }
    if (size > MAX_IMAGE_BYTES) fail(`the image ${shown} is ${Math.round(size / 1024 / 1024)} MB; providers take at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`, 'send a smaller image');
    return `data:${type};base64,${(await readFile(file)).toString('base64')}`;
  };

  return async (url, contentType) => {
    const value = url.trim();
    if (value === '') return fail('{{media}} got an empty url', 'fill the column with a file path, a data: URL or an https URL');
    const dataType = DATA_URL.exec(value)?.[1];
    if (dataType !== undefined) {
      if (!dataType.toLowerCase().startsWith('image/')) fail(`{{media}} got a data: URL of type "${dataType || 'text/plain'}": Refinery sends images only`, 'use a data:image/… URL');
      return value;
    }
    if (REMOTE_URL.test(value)) {
      if (!options.allowRemote) {
        fail(
          `{{media}} got the remote URL ${value}, and remote media are off: the provider would fetch it`,
          'add "refinery.allowRemoteMedia: true" to the frontmatter to send URLs as they are, or save the image beside the dataset and use its path',
        );
      }
      return value;
    }
    let file: string;
    if (/^file:/i.test(value)) file = fileURLToPath(value);
    else if (OTHER_SCHEME.test(value) && !/^[a-z]:[\\/]/i.test(value)) return fail(`{{media}} cannot send a ${value.slice(0, value.indexOf(':'))}: URL`, 'use a file path, a data: URL or an https URL');
    else file = path.resolve(options.baseDir, value);
    const key = `${file}\n${contentType ?? ''}`;
    let inlined = files.get(key);
    if (!inlined) {
      inlined = inlineFile(file, contentType, value);
      files.set(key, inlined);
      inlined.catch(() => files.delete(key));
    }
    return inlined;
  };
}
