import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileFingerprint {
  /** sha256 of the bytes, hex */
  contentHash: string;
  sizeBytes: number;
}

/** Streams the file through sha256: a dataset of any size is read once, never held whole. */
export async function fingerprintFile(file: string): Promise<FileFingerprint> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    sizeBytes += bytes.length;
    hash.update(bytes);
  }
  return { contentHash: hash.digest('hex'), sizeBytes };
}
