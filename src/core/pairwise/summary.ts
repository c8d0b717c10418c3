import { exactSignTest } from '../stats/binomial';
import type { Interval } from '../../shared/stats/interval';
import { wilsonInterval } from '../../shared/stats/wilson';
import { roundUsd } from '../../shared/stats/round-usd';
import type { PairJudgment } from './judgment';

export interface PairwiseSummary {
  pairs: number;
  /** Pairs with a readable verdict in both orders. */
  judged: number;
  winsA: number;
  winsB: number;
  ties: number;
  ungraded: number;
  /** Judged pairs whose two calls picked the same position. */
  positionFollowed: number;
  /** positionFollowed / judged: how often the judge went by position rather than content; null when nothing was judged. */
  positionBiasRate: number | null;
  /** winsA / (winsA + winsB): ties carry no preference; null without a decisive pair. */
  winRate: number | null;
  /** 95 % Wilson interval of the win rate. */
  winRateInterval: Interval | null;
  /** Sign test of A's wins against B's (ties left out), two-sided, exact. */
  pValue: number;
  /** What the judge calls cost, USD: the priced calls only when `costKnown` is false. */
  costUsd: number;
  /** Every answered call had a price: otherwise `costUsd` is a lower bound, never shown as the cost. */
  costKnown: boolean;
}

export function summarizePairwise(judgments: readonly PairJudgment[]): PairwiseSummary {
  const count = (outcome: PairJudgment['outcome']) => judgments.filter((j) => j.outcome === outcome).length;
  const winsA = count('A');
  const winsB = count('B');
  const ties = count('tie');
  const ungraded = count('ungraded');
  const judged = judgments.length - ungraded;
  const positionFollowed = judgments.filter((j) => j.outcome !== 'ungraded' && j.followedPosition).length;
  const decisive = winsA + winsB;
  return {
    pairs: judgments.length,
    judged,
    winsA,
    winsB,
    ties,
    ungraded,
    positionFollowed,
    positionBiasRate: judged === 0 ? null : positionFollowed / judged,
    winRate: decisive === 0 ? null : winsA / decisive,
    winRateInterval: wilsonInterval(winsA, decisive),
    pValue: exactSignTest(winsA, winsB),
    costUsd: roundUsd(judgments.reduce((sum, j) => sum + (j.aFirst.costUsd ?? 0) + (j.bFirst.costUsd ?? 0), 0)),
    costKnown: judgments.every((j) => j.costUsd !== null),
  };
}
