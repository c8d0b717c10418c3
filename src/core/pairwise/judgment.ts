/**
 * A pair judged in both orders. The judge sees A's output first in one call and B's first in the
 * other; each answer is mapped back to the side it names. Agreeing orders decide; orders that
 * disagree make the pair a tie (the judge's preference did not survive swapping the outputs);
 * an unreadable or failed call leaves the pair ungraded.
 */
import type { Choice } from './preference';

/** Which position the judge picked in one call, before mapping back to A or B. */
export type Position = 'first' | 'second' | 'tie';

export interface OrderVerdict {
  /** The side it chose, mapped back (A or B), or tie; null when the answer could not be read or the call failed. */
  choice: Choice | null;
  position: Position | null;
  reason: string;
  /** What the call cost: 0 when it failed, null when it was answered but the judge's price is unknown. */
  costUsd: number | null;
  tokensIn?: number;
  tokensOut?: number;
}

export type PairOutcome = Choice | 'ungraded';

export interface PairJudgment {
  /** The model (or `A vs B` for two models of one run) and the row. */
  modelId: string;
  rowIndex: number | null;
  /** Output A shown first (as {{output_a}}). */
  aFirst: OrderVerdict;
  /** Output B shown first. */
  bFirst: OrderVerdict;
  outcome: PairOutcome;
  /** Both calls picked the same position (first both times, or second both times): the verdict followed the position, not the content. */
  followedPosition: boolean;
  /** Both calls; null when either one's price is unknown. */
  costUsd: number | null;
}

/** The side a position names in a call: with A first, "first" is A. */
export function sideOf(position: Position, aFirst: boolean): Choice {
  if (position === 'tie') return 'tie';
  return (position === 'first') === aFirst ? 'A' : 'B';
}

export function combineOrders(aFirst: OrderVerdict, bFirst: OrderVerdict): Pick<PairJudgment, 'outcome' | 'followedPosition'> {
  if (aFirst.choice === null || bFirst.choice === null) return { outcome: 'ungraded', followedPosition: false };
  const followedPosition = aFirst.position !== 'tie' && aFirst.position === bFirst.position;
  return { outcome: aFirst.choice === bFirst.choice ? aFirst.choice : 'tie', followedPosition };
}
