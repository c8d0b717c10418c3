import { computeCost, findPrice, type PriceTable } from '../cost';
import type { Scheduler } from '../executor';
import type { CompiledPrompt, RenderExtras } from '../prompt';
import { ProviderError } from '../providers/types';
import { responseFormatFor } from './response-format';

export interface JudgeCallDeps {
  scheduler: Scheduler;
  prices: PriceTable;
  signal?: AbortSignal;
}

/** What one judge call came to: no call (the prompt did not render), a failed call, or an answer with its cost. */
export type JudgeAnswer =
  | { state: 'unrendered'; message: string }
  | { state: 'failed'; error: unknown }
  | { state: 'answered'; text: string; costUsd: number | null; tokensIn: number; tokensOut: number; tokensCached: number | undefined };

/**
 * One call of a judge prompt (a grader or a pairwise judge): rendered with `variables` (and the
 * row's `{{@name}}` context in `extras`), sent
 * through the scheduler (rate limits, retries) at the prompt's config (temperature 0 unless it
 * says otherwise), its answer costed at the judge's price (null when that price is unknown).
 */
export async function callJudge(
  compiled: CompiledPrompt,
  judge: string,
  variables: Record<string, unknown>,
  deps: JudgeCallDeps,
  extras: RenderExtras = {},
): Promise<JudgeAnswer> {
  let messages;
  try {
    messages = await compiled.render(variables, extras);
  } catch (error) {
    return { state: 'unrendered', message: (error as Error).message };
  }
  const config = compiled.prompt.config;
  try {
    const { result } = await deps.scheduler.submit(
      judge,
      { messages, temperature: config.temperature ?? 0, maxOutputTokens: config.maxOutputTokens ?? 512, responseFormat: responseFormatFor(compiled.prompt) },
      { signal: deps.signal },
    );
    const costUsd = computeCost(findPrice(deps.prices, judge), result.usage)?.totalUsd ?? null;
    return { state: 'answered', text: result.text, costUsd, tokensIn: result.usage.inputTokens, tokensOut: result.usage.outputTokens, tokensCached: result.usage.cachedInputTokens };
  } catch (error) {
    return { state: 'failed', error };
  }
}

/** `grader call failed (rate_limit): …` for a provider's error; the error as text otherwise. */
export function judgeFailureReason(who: string, error: unknown): string {
  return error instanceof ProviderError ? `${who} call failed (${error.kind}): ${error.message}` : String(error);
}
