import type { RunComparison } from '../compare/compare-runs';
import { sumCosts } from '../cost';
import { rowData, type CompiledPrompt } from '../prompt';
import { callJudge, judgeFailureReason, type JudgeCallDeps } from '../run/judge-call';
import type { DatasetRowRecord, JsonValue } from '../model';
import { combineOrders, sideOf, type OrderVerdict, type PairJudgment, type Position } from './judgment';
import { parsePreference } from './preference';

/** Output A (the current run, or the first model) and output B (the baseline, or the second model) of one row. */
export interface PairToJudge {
  modelId: string;
  rowIndex: number | null;
  row: Record<string, JsonValue>;
  outputA: string;
  outputB: string;
}

export interface PairwiseJudge {
  /** The grader as the user named it. */
  ref: string;
  compiled: CompiledPrompt;
  /** The judge model. */
  judge: string;
}

/** The rows both sides completed with an output: what a pairwise judge can compare. */
export function pairsFromComparison(comparison: RunComparison, rows: readonly DatasetRowRecord[]): PairToJudge[] {
  const dataByIndex = new Map(rows.map((r) => [r.rowIndex, r.data]));
  return comparison.cells.flatMap((c) => {
    const a = c.current;
    const b = c.baseline;
    if (!a || !b || a.status !== 'completed' || b.status !== 'completed' || a.outputText === null || b.outputText === null) return [];
    return [{ modelId: c.modelId, rowIndex: c.rowIndex, row: c.rowIndex === null ? {} : (dataByIndex.get(c.rowIndex) ?? {}), outputA: a.outputText, outputB: b.outputText }];
  });
}

/** What the judge prompt renders with: the row, the two outputs in this call's order, and `expected`. */
export function pairwiseVariables(row: Readonly<Record<string, unknown>>, first: string, second: string): Record<string, unknown> {
  const expected = Object.hasOwn(row, 'expected') ? (row.expected ?? '') : '';
  return { ...row, output_a: first, output_b: second, expected };
}

const POSITION: Record<'A' | 'B' | 'tie', Position> = { A: 'first', B: 'second', tie: 'tie' };

async function judgeOnce(pair: PairToJudge, aFirst: boolean, judge: PairwiseJudge, deps: JudgeDeps): Promise<OrderVerdict> {
  const [first, second] = aFirst ? [pair.outputA, pair.outputB] : [pair.outputB, pair.outputA];
  const data = rowData(pair.row);
  const answer = await callJudge(judge.compiled, judge.judge, pairwiseVariables(data.input, first, second), deps, { context: data.context });
  if (answer.state === 'unrendered') return { choice: null, position: null, reason: `the judge prompt could not be rendered: ${answer.message}`, costUsd: 0 };
  if (answer.state === 'failed') return { choice: null, position: null, reason: judgeFailureReason('judge', answer.error), costUsd: 0 };
  const usage = { costUsd: answer.costUsd, tokensIn: answer.tokensIn, tokensOut: answer.tokensOut };
  const preference = parsePreference(answer.text);
  if (preference.state === 'unreadable') return { choice: null, position: null, reason: preference.reason, ...usage };
  const position = POSITION[preference.choice];
  return { choice: sideOf(position, aFirst), position, reason: preference.reason, ...usage };
}

export interface JudgeDeps extends JudgeCallDeps {
  /** After each judged pair. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Judges every pair in both orders (two calls per pair, through the scheduler so rate limits and
 * retries apply) and combines them (see `combineOrders`). A failed call never stops the others.
 */
export async function judgePairs(pairs: readonly PairToJudge[], judge: PairwiseJudge, deps: JudgeDeps): Promise<PairJudgment[]> {
  let done = 0;
  return Promise.all(
    pairs.map(async (pair): Promise<PairJudgment> => {
      const [aFirst, bFirst] = await Promise.all([judgeOnce(pair, true, judge, deps), judgeOnce(pair, false, judge, deps)]);
      deps.onProgress?.(++done, pairs.length);
      return { modelId: pair.modelId, rowIndex: pair.rowIndex, aFirst, bFirst, ...combineOrders(aFirst, bFirst), costUsd: sumCosts([aFirst.costUsd, bFirst.costUsd]) };
    }),
  );
}
