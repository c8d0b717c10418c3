import type { ChatMessage } from '../chat';
import { encodingForModel, estimateCallsCost, findPrice, loadTokenCounter, roundUsd, type PriceTable, type TokenizerEncoding } from '../cost';
import { rowData, type CompiledPrompt } from '../prompt';
import type { PreparedRun } from './prepare-run';
import { renderGraderRow, renderRow as renderDatasetRow } from './render-row';

/** Output tokens budgeted per call when a prompt or grader sets no `config.maxOutputTokens`. */
export const DEFAULT_OUTPUT_BUDGET = 1024;

export interface CallsEstimate {
  modelId: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** null when the model has no price. */
  costUsd: number | null;
  /** The vocabulary the input was counted with. */
  encoding: TokenizerEncoding;
}

export interface GraderEstimate extends CallsEstimate {
  /** The grader as the prompt names it; `modelId` is its judge. */
  grader: string;
}

export interface RunEstimate {
  models: CallsEstimate[];
  /** One entry per grader: its judge's calls over every cell of every model. */
  graders: GraderEstimate[];
  /** Sum of the priced calls (models and graders); a lower bound when `unpriced` lists any. */
  totalUsd: number;
  unpriced: string[];
  method: 'tokenizer';
}

interface RenderedRow {
  messages: ChatMessage[];
  row: Record<string, unknown>;
}

/**
 * What a run will cost at most, before it starts. Each row's rendered messages are counted with
 * the model's tokenizer vocabulary (see `encodingForModel`), the output at the prompt's
 * `maxOutputTokens` per call, `refinery.repeat` calls per cell. Each grader call is counted with
 * the grader rendered for that row, the graded output at its bound, and the grader's own
 * `maxOutputTokens` as its output; every sample is graded.
 */
export async function estimatePreparedRun(prepared: PreparedRun, prices: PriceTable): Promise<RunEstimate> {
  const rendered = await renderRows(prepared.compiled, prepared);
  const outputBudget = prepared.prompt.config.maxOutputTokens ?? DEFAULT_OUTPUT_BUDGET;
  const repeat = prepared.prompt.refinery.repeat;
  // the rendered rows are tokenized once per vocabulary, not once per model
  const promptTokens = new Map<TokenizerEncoding, Promise<number>>();
  const countPrompts = (modelId: string): Promise<number> => {
    const encoding = encodingForModel(modelId);
    let count = promptTokens.get(encoding);
    if (!count) {
      count = countInputs(encoding, rendered.map((r) => r.messages));
      promptTokens.set(encoding, count);
    }
    return count;
  };
  const models = await Promise.all(
    prepared.models.map(async (modelId) => {
      const inputTokens = (await countPrompts(modelId)) * repeat;
      return callsEstimate(prices, modelId, rendered.length * repeat, inputTokens, outputBudget * rendered.length * repeat);
    }),
  );
  const graders: GraderEstimate[] = [];
  for (const grader of prepared.graders) {
    const graderMessages = await renderGrader(grader.compiled, rendered);
    // the output each grader call reads is at most the graded call's output budget
    const perModelInput = (await countInputs(encodingForModel(grader.judge), graderMessages)) + graderMessages.length * outputBudget;
    const graderOutput = (grader.prompt.config.maxOutputTokens ?? DEFAULT_OUTPUT_BUDGET) * graderMessages.length;
    const perCell = prepared.models.length * repeat;
    graders.push({
      grader: grader.ref,
      ...callsEstimate(prices, grader.judge, graderMessages.length * perCell, perModelInput * perCell, graderOutput * perCell),
    });
  }
  const all = [...models, ...graders];
  return {
    models,
    graders,
    totalUsd: roundUsd(all.reduce((sum, e) => sum + (e.costUsd ?? 0), 0)),
    unpriced: [...new Set(all.filter((e) => e.costUsd === null).map((e) => e.modelId))],
    method: 'tokenizer',
  };
}

async function renderRows(compiled: CompiledPrompt, prepared: PreparedRun): Promise<RenderedRow[]> {
  const rendered: RenderedRow[] = [];
  const renderRow = async (row: Record<string, unknown>) => {
    try {
      rendered.push({ messages: await renderDatasetRow(compiled, row), row });
    } catch {
      // An unrenderable row becomes a failed cell without a call: it costs nothing.
    }
  };
  if (prepared.dataset) {
    for await (const batch of prepared.dataset.batches()) for (const row of batch) await renderRow(row.data);
  } else {
    await renderRow({});
  }
  return rendered;
}

async function renderGrader(compiled: CompiledPrompt, rows: readonly RenderedRow[]): Promise<ChatMessage[][]> {
  const rendered: ChatMessage[][] = [];
  for (const { row } of rows) {
    try {
      rendered.push(await renderGraderRow(compiled, rowData(row), ''));
    } catch {
      // The grader fails for this row without a call.
    }
  }
  return rendered;
}

/** Input tokens of these calls, counted with one vocabulary. */
export async function countInputs(encoding: TokenizerEncoding, calls: readonly (readonly ChatMessage[])[]): Promise<number> {
  const counter = await loadTokenCounter(encoding);
  return calls.reduce((sum, messages) => sum + counter.countMessages(messages), 0);
}

/** The estimate of `calls` calls to one model with these token totals. */
export function callsEstimate(prices: PriceTable, modelId: string, calls: number, inputTokens: number, outputTokens: number): CallsEstimate {
  const cost = estimateCallsCost(findPrice(prices, modelId), { inputTokens, outputTokens });
  return { modelId, calls, inputTokens, outputTokens, costUsd: cost?.totalUsd ?? null, encoding: encodingForModel(modelId) };
}
