/**
 * Holm's step-down adjustment (Holm 1979) of p-values tested together: the i-th smallest of m is
 * multiplied by m − i + 1, then each is raised to at least the one before it (and capped at 1).
 * A verdict over several models compares each adjusted p with α, which keeps the chance of any
 * false "significant" at α whatever the models have in common. Returned in the input's order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p || a.index - b.index);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}
