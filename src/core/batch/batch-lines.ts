/** The JSONL request lines of a run's pending cells, grouped by run model (one model per batch). */
import { buildChatBody, type MaxTokensField } from '../providers/chat-wire';
import { renderRow } from '../run/render-row';
import { responseFormatFor } from '../run/response-format';
import type { RunPlan } from '../run/run-plan';
import type { DatasetRowRecord, RunModelRecord } from '../model';

/** The deterministic key of a cell, sent as the line's `custom_id`. */
export function batchCustomId(runModelId: string, datasetRowId: string | null): string {
  return `${runModelId}|${datasetRowId ?? ''}`;
}

export interface BatchLine {
  customId: string;
  /** The line's JSON, without the newline. */
  json: string;
}

export interface ModelLines {
  runModel: RunModelRecord;
  lines: BatchLine[];
  /** Rows whose prompt could not be rendered: they become failed cells, not lines. */
  unrenderable: Array<{ customId: string; datasetRowId: string | null; message: string }>;
}

/**
 * Renders each pending row once and writes one line per (row × model) cell whose key `isPending`
 * accepts: `{custom_id, method, url, body}` with the body a live call would send.
 */
export async function batchLines(
  plan: RunPlan,
  rows: readonly DatasetRowRecord[] | null,
  isPending: (customId: string) => boolean,
  maxTokensField: (runModel: RunModelRecord) => MaxTokensField,
): Promise<ModelLines[]> {
  const { compiled, run } = plan;
  const config = compiled.prompt.config;
  const responseFormat = responseFormatFor(compiled.prompt);
  const byModel = run.models.map((runModel): ModelLines => ({ runModel, lines: [], unrenderable: [] }));
  for (const row of rows ?? [null]) {
    const pending = byModel.filter((m) => isPending(batchCustomId(m.runModel.id, row?.id ?? null)));
    if (pending.length === 0) continue;
    let messages;
    try {
      messages = await renderRow(compiled, row?.data ?? {});
    } catch (error) {
      const message = `prompt could not be rendered for this row: ${error instanceof Error ? error.message : String(error)}`;
      for (const m of pending) m.unrenderable.push({ customId: batchCustomId(m.runModel.id, row?.id ?? null), datasetRowId: row?.id ?? null, message });
      continue;
    }
    for (const m of pending) {
      const customId = batchCustomId(m.runModel.id, row?.id ?? null);
      const body = buildChatBody(
        { model: m.runModel.model, messages, temperature: config.temperature, maxOutputTokens: config.maxOutputTokens, topP: config.topP, stop: config.stopSequences, responseFormat },
        maxTokensField(m.runModel),
      );
      m.lines.push({ customId, json: JSON.stringify({ custom_id: customId, method: 'POST', url: '/v1/chat/completions', body }) });
    }
  }
  return byModel;
}
