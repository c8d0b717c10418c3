/**
 * Prompt paths as the store keys them: workspace-relative, `/`-separated. A path that comes
 * from the store is checked before a file is written for it, so a row can never make the
 * editor write outside the workspace.
 */
const REMOTE_COPY_SUFFIX = '.remote.prompt';

export function toSyncPath(relativePath: string): string {
  return relativePath.split('\\').join('/');
}

/** True for a path that sync may read and write: a relative `.prompt` path inside the workspace. */
export function isSafeSyncPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.includes('\\') || path.includes('\0')) return false;
  const segments = path.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return false;
  return path.endsWith('.prompt');
}

/** The "keep both" copies are the user's scratch files, never synced themselves. */
export function isSyncedPromptPath(path: string): boolean {
  return isSafeSyncPath(path) && !path.endsWith(REMOTE_COPY_SUFFIX);
}

/** `prompts/a.prompt` → `prompts/a.remote.prompt`: where "keep both" writes the store's version. */
export function remoteCopyPath(path: string): string {
  return `${path.slice(0, -'.prompt'.length)}${REMOTE_COPY_SUFFIX}`;
}
