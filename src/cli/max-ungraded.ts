import { UserError } from '../core/errors';

/** `--max-ungraded`: how many ungraded cells a run may have, as a count or a share of its cells. */
export type MaxUngraded = { kind: 'count'; count: number } | { kind: 'share'; ratio: number };

/** The default: no ungraded cell at all. */
export const NO_UNGRADED: MaxUngraded = { kind: 'count', count: 0 };

/** `5` (cells) or `10%` (of the run's cells). */
export function parseMaxUngraded(value: string | undefined): MaxUngraded | undefined {
  if (value === undefined) return undefined;
  const invalid = (): UserError =>
    new UserError('cli.usage', `--max-ungraded takes a number of cells (5) or a percentage of the cells (10%), got "${value}"`, {}, 'example: --max-ungraded 2 or --max-ungraded 5%');
  const text = value.trim();
  if (text.endsWith('%')) {
    const percent = Number(text.slice(0, -1));
    if (text.length === 1 || !Number.isFinite(percent) || percent < 0 || percent > 100) throw invalid();
    return { kind: 'share', ratio: percent / 100 };
  }
  const count = Number(text);
  if (text === '' || !Number.isInteger(count) || count < 0) throw invalid();
  return { kind: 'count', count };
}

export function formatMaxUngraded(limit: MaxUngraded): string {
  return limit.kind === 'count' ? String(limit.count) : `${+(limit.ratio * 100).toFixed(4)}%`;
}

/** More ungraded cells than the limit allows (a share is of all `cells`). */
export function exceedsMaxUngraded(ungraded: number, cells: number, limit: MaxUngraded): boolean {
  if (limit.kind === 'count') return ungraded > limit.count;
  // Compared as integers of the percentage's scale, so 10% of 30 cells allows exactly 3.
  return ungraded * 1e6 > Math.round(limit.ratio * 1e6) * cells;
}

/** `3 of 20 cells are ungraded (15.0%), more than --max-ungraded 10%; e.g. groq/x row 4: judge.prompt: …` */
export function maxUngradedMessage(ungraded: number, cells: number, limit: MaxUngraded, example: string): string {
  const share = cells === 0 ? 0 : (ungraded / cells) * 100;
  return `${ungraded} of ${cells} cell${cells === 1 ? '' : 's'} ${ungraded === 1 ? 'is' : 'are'} ungraded (${share.toFixed(1)}%), more than --max-ungraded ${formatMaxUngraded(limit)}; e.g. ${example}`;
}
