import { roundUsd } from '../../shared/stats/round-usd';

/** The sum of some costs, or `null` when any of them is unknown: an unknown part is never counted as $0. */
export function sumCosts(costs: Iterable<number | null>): number | null {
  let total = 0;
  for (const cost of costs) {
    if (cost === null) return null;
    total += cost;
  }
  return roundUsd(total);
}
