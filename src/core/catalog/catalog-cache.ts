/**
 * The model lists read from providers, one small JSON file per (provider, base URL) in the
 * user's cache folder, shared by the CLI and the editor. Nothing secret is kept: no key, and
 * the file name holds a hash of the base URL, not the URL.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ServedModel } from '../providers/types';

export interface CachedModelList {
  providerId: string;
  baseUrl: string;
  /** ISO time the list was read from the provider. */
  fetchedAt: string;
  models: ServedModel[];
}

const cachedSchema = z.object({
  version: z.literal(1),
  providerId: z.string(),
  baseUrl: z.string(),
  fetchedAt: z.iso.datetime(),
  models: z.array(z.object({ id: z.string().min(1), ownedBy: z.string().optional(), contextWindow: z.number().optional() })),
});

function fileFor(dir: string, providerId: string, baseUrl: string): string {
  const hash = createHash('sha256').update(baseUrl).digest('hex').slice(0, 16);
  return path.join(dir, `${providerId.replace(/[^\w.-]/g, '_')}-${hash}.json`);
}

/** The cached list for this provider and base URL, or `undefined` when there is none (or it is unreadable). */
export async function readCachedModelList(dir: string, providerId: string, baseUrl: string): Promise<CachedModelList | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(fileFor(dir, providerId, baseUrl), 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = cachedSchema.safeParse(json);
  if (!parsed.success || parsed.data.providerId !== providerId || parsed.data.baseUrl !== baseUrl) return undefined;
  const { version: _version, ...list } = parsed.data;
  return list;
}

/** Writes the list (atomically: a reader never sees half a file). A failure to write only costs a request next time. */
export async function writeCachedModelList(dir: string, list: CachedModelList): Promise<void> {
  const file = fileFor(dir, list.providerId, list.baseUrl);
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temporary, JSON.stringify({ version: 1, ...list }));
    await rename(temporary, file);
  } catch {
    // a read-only or full disk: the list is read from the provider again next time
  }
}
