import envPaths from 'env-paths';

/** The user's cache folder for Refinery: `$XDG_CACHE_HOME/refinery` or `~/.cache/refinery` on Linux. */
export function userCacheDir(): string {
  return envPaths('refinery', { suffix: '' }).cache;
}
