/** Display strings for the grid and the grade panel (the money and latency formats are the CLI's). */
import { formatCallCost, formatLatency, formatUsd, PRICE_UNKNOWN } from '../../src/shared/stats/format-table';

export { formatCallCost, formatLatency, formatUsd, PRICE_UNKNOWN };
/** The one rounding rule for percentages and points (the CLI's and the Runs view's). */
export { formatDiscount, formatPercent, formatWholePoints } from '../../src/shared/stats/percent';

export const UNKNOWN = '—';


/** `12,345`. Not `toLocaleString`: its first call sets up ICU and costs a frame. */
export function groupThousands(value: number): string {
  const [whole = '', fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export function formatCount(value: number | null): string {
  return value === null ? UNKNOWN : groupThousands(value);
}

export function formatScore(score: number | null): string {
  return score === null ? UNKNOWN : score.toFixed(2);
}

/** A header total with some costs unknown is a lower bound; with none known, `price unknown`. */
export function formatTotalCost(usd: number, known: boolean): string {
  if (known) return formatUsd(usd);
  return usd === 0 ? PRICE_UNKNOWN : `≥${formatUsd(usd)}`;
}
