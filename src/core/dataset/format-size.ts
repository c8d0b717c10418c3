const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** 812 B, 4.2 KB, 13 MB (1 KB = 1024 B); "size unknown" for null. */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return 'size unknown';
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}
