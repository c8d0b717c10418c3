/**
 * `store-host.json` in the store folder: who serves it and with which schema. A client reads it
 * after connecting, to find a host older than itself (a migration it needs is missing).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const HOST_INFO_FILE_NAME = 'store-host.json';

/** Bumped when host and client stop understanding each other; the wire itself is Postgres'. */
export const HOST_PROTOCOL = 1;

const hostInfo = z.object({
  pid: z.number().int().positive(),
  protocol: z.number().int(),
  migrations: z.array(z.string()),
  endpoint: z.string(),
  startedAt: z.string(),
});
export type HostInfo = z.infer<typeof hostInfo>;

export function writeHostInfo(dataDir: string, info: HostInfo): void {
  const file = path.join(dataDir, HOST_INFO_FILE_NAME);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(info), { mode: 0o600 });
  fs.renameSync(temp, file);
}

export function readHostInfo(dataDir: string): HostInfo | undefined {
  try {
    const parsed = hostInfo.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, HOST_INFO_FILE_NAME), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Only the host that wrote it removes it (a successor may already have written its own). */
export function removeHostInfo(dataDir: string, pid: number): void {
  if (readHostInfo(dataDir)?.pid === pid) fs.rmSync(path.join(dataDir, HOST_INFO_FILE_NAME), { force: true });
}
