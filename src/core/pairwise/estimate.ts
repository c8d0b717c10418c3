import { encodingForModel, estimateCallsCost, findPrice, loadTokenCounter, type PriceTable } from '../cost';
import { DEFAULT_OUTPUT_BUDGET, type CallsEstimate } from '../run/estimate-run';
import { pairwiseVariables, type PairToJudge, type PairwiseJudge } from './judge-pairs';

/**
 * What judging these pairs will cost at most, before any call: each pair's judge prompt rendered
 * with its two real outputs and counted with the judge's tokenizer, twice (both orders hold the
 * same text), and the judge's `maxOutputTokens` per call as its output.
 */
export async function estimatePairwise(pairs: readonly PairToJudge[], judge: PairwiseJudge, prices: PriceTable): Promise<CallsEstimate> {
  const encoding = encodingForModel(judge.judge);
  const counter = await loadTokenCounter(encoding);
  let inputTokens = 0;
  let calls = 0;
  for (const pair of pairs) {
    try {
      inputTokens += 2 * counter.countMessages(await judge.compiled.render(pairwiseVariables(pair.row, pair.outputA, pair.outputB)));
      calls += 2;
    } catch {
      // A pair the judge prompt cannot render for is not sent: it costs nothing.
    }
  }
  const outputTokens = calls * (judge.compiled.prompt.config.maxOutputTokens ?? DEFAULT_OUTPUT_BUDGET);
  const cost = estimateCallsCost(findPrice(prices, judge.judge), { inputTokens, outputTokens });
  return { modelId: judge.judge, calls, inputTokens, outputTokens, costUsd: cost?.totalUsd ?? null, encoding };
}
