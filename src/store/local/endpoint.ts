/**
 * Where the store host listens: a Unix domain socket inside the store folder (the folder and
 * the socket are private to the user), or, on Windows, a named pipe whose name is derived from
 * the folder. Never a TCP port.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export const SOCKET_FILE_NAME = 'store.sock';

/** sockaddr_un holds 104 (macOS) to 108 (Linux) bytes; keep a margin. */
const MAX_SOCKET_PATH = 100;

export function storeEndpoint(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const folder = path.resolve(dataDir);
  const key = createHash('sha256').update(folder).digest('hex').slice(0, 24);
  if (platform === 'win32') return `\\\\.\\pipe\\prompt-refinery-${key}`;
  const inFolder = path.join(folder, SOCKET_FILE_NAME);
  if (Buffer.byteLength(inFolder) <= MAX_SOCKET_PATH) return inFolder;
  // A deep store folder: the socket goes to a private folder of this user under the temp dir.
  return path.join(privateRuntimeDir(), `${key}.sock`);
}

/** `$XDG_RUNTIME_DIR` (per user, 0700 by definition), else `<tmp>/prompt-refinery-<uid>`. */
export function privateRuntimeDir(env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && Buffer.byteLength(runtime) < 60) return path.join(runtime, 'prompt-refinery');
  return path.join(os.tmpdir(), `prompt-refinery-${os.userInfo().uid}`);
}

export function isNamedPipe(endpoint: string): boolean {
  return endpoint.startsWith('\\\\.\\pipe\\');
}
