/**
 * The one rounding rule for every percentage Refinery shows (the Runs view, the CodeLens, the
 * grid header, the CLI and its step summary): half up to a whole percent, except that a rate is
 * never shown as 100% unless every cell passed, nor as 0% unless none did — 199 of 200 reads
 * 99%, 1 of 300 reads 1%. A difference between two rates is shown in whole points, half up.
 */
const UNKNOWN = '—';

export function wholePercent(ratio: number): number {
  const percent = Math.round(ratio * 100);
  if (percent >= 100 && ratio < 1) return 99;
  if (percent <= 0 && ratio > 0) return 1;
  return percent;
}

/** `75%`, or `—` when there is no rate. */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? UNKNOWN : `${wholePercent(ratio)}%`;
}

/** A batch discount: `−50 %` (`−0 %` for a batch at the live price). */
export function formatDiscount(discount: number): string {
  return `−${Math.round(discount * 100)} %`;
}

/** The size of a difference of rates: `4 pts`, `1 pt`, `0 pts` (the sign is the caller's). */
export function formatWholePoints(delta: number): string {
  const points = Math.round(Math.abs(delta) * 100);
  return `${points} pt${points === 1 ? '' : 's'}`;
}
