import { estimateRunCost, estimateTokens, findPrice, roundUsd, type PriceTable } from '../cost';
import type { PreparedRun } from './prepare-run';

/** Output tokens budgeted per call when the prompt sets no `config.maxOutputTokens`. */
export const DEFAULT_OUTPUT_BUDGET = 1024;

export interface ModelEstimate {
  modelId: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** null when the model has no price. */
  costUsd: number | null;
}

export interface RunEstimate {
  models: ModelEstimate[];
  /** Sum of the priced models; a lower bound when `unpriced` lists any. */
  totalUsd: number;
  unpriced: string[];
  /** How input tokens were counted: the chars/4 heuristic, never exact. */
  method: 'chars/4';
}

/**
 * What a run will cost at most, before it starts: every row's rendered prompt (≈ chars/4
 * tokens, see `estimateTokens`) plus `maxOutputTokens` per call as the output bound, on every
 * model, `refinery.repeat` times per cell. Grader calls are not included.
 */
export async function estimatePreparedRun(prepared: PreparedRun, prices: PriceTable): Promise<RunEstimate> {
  const outputTokens = prepared.prompt.config.maxOutputTokens ?? DEFAULT_OUTPUT_BUDGET;
  const inputTexts: string[] = [];
  const renderRow = async (row: Record<string, unknown>) => {
    try {
      const messages = await prepared.compiled.render(row);
      inputTexts.push(messages.map((m) => m.content).join('\n'));
    } catch {
      // An unrenderable row becomes a failed cell without a call: it costs nothing.
    }
  };
  if (prepared.dataset) {
    for await (const batch of prepared.dataset.batches()) for (const row of batch) await renderRow(row.data);
  } else {
    await renderRow({});
  }
  // refinery.repeat: N calls per cell.
  const repeat = prepared.prompt.refinery.repeat;
  const calls = inputTexts.length * repeat;
  const inputTokens = inputTexts.reduce((sum, text) => sum + estimateTokens(text), 0) * repeat;
  function* everyCall() {
    for (const inputText of inputTexts) for (let i = 0; i < repeat; i++) yield { inputText, outputTokens };
  }
  const models = prepared.models.map((modelId): ModelEstimate => {
    const cost = estimateRunCost(findPrice(prices, modelId), everyCall());
    return { modelId, calls, inputTokens, outputTokens: outputTokens * calls, costUsd: cost?.totalUsd ?? null };
  });
  return {
    models,
    totalUsd: roundUsd(models.reduce((sum, m) => sum + (m.costUsd ?? 0), 0)),
    unpriced: models.filter((m) => m.costUsd === null).map((m) => m.modelId),
    method: 'chars/4',
  };
}
