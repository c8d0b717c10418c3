/** Digits kept for money: 1e-10 USD, far below any price that matters, far above float noise. */
const USD_DECIMALS = 1e10;

/** Rounds a USD amount to 1e-10 so sums of float products compare and print cleanly. */
export function roundUsd(usd: number): number {
  return Math.round(usd * USD_DECIMALS) / USD_DECIMALS;
}
