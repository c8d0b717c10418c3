/**
 * P(X ≤ k) for X ~ Binomial(n, ½): the exact tail that McNemar's exact test and the sign test
 * read. Summed in log space, term by term (log C(n, i) from log C(n, i−1)), so n in the
 * thousands neither overflows nor loses the small tails.
 */
export function binomialHalfCdf(k: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  const last = Math.floor(k);
  let logChoose = 0; // log C(n, 0)
  const logTerms: number[] = [];
  for (let i = 0; i <= last; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    logTerms.push(logChoose - n * Math.LN2);
  }
  const max = Math.max(...logTerms);
  const sum = logTerms.reduce((total, term) => total + Math.exp(term - max), 0);
  return Math.min(1, Math.exp(max) * sum);
}

/**
 * Two-sided exact test that two counts come from a fair coin: twice the smaller tail, at most 1.
 * It is McNemar's exact test on the discordant pairs (b improved, c regressed) and the sign test
 * on wins and losses (ties left out). 1 when there is nothing to test (b + c = 0).
 */
export function exactSignTest(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
}
