import type { CellDetailView, SampleView } from '../../shared/protocol';
import type { ChatMessage } from '../../core/chat';
import type { DatasetRowRecord, RunRecord, SampleRecord } from '../../store/types';
import { sumCosts } from '../../core/cost/sum-costs';
import type { Log } from '../log';
import { loadRunEngine } from '../runs/load-run-engine';
import { fullRowValues, toCellView, type AnyCell } from './cell-view';

function promptPathOf(run: RunRecord): string {
  return typeof run.config.promptPath === 'string' ? run.config.promptPath : 'prompt.prompt';
}

/**
 * The messages that were sent for a cell, re-rendered from the prompt text the run kept and
 * the row (not from today's file). A row the template cannot render shows no messages; the
 * cell's error already says why.
 */
async function renderedMessages(run: RunRecord, row: DatasetRowRecord | undefined, log: Log): Promise<ChatMessage[]> {
  try {
    const engine = await loadRunEngine();
    const compiled = await engine.compilePrompt(engine.parsePrompt(run.promptText, promptPathOf(run)));
    return await compiled.render(row?.data ?? {});
  } catch (error) {
    log.debug(`cell detail: could not re-render the messages: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

function sampleView(sample: SampleRecord): SampleView {
  return {
    output: sample.outputText,
    error: sample.errorText,
    latencyMs: sample.latencyMs,
    tokensIn: sample.tokensIn,
    tokensOut: sample.tokensOut,
    costUsd: sample.costUsd,
    gradePass: sample.gradePass,
    gradeScore: sample.gradeScore,
    grades: sample.grades,
  };
}

export async function buildCellDetail(run: RunRecord, cell: AnyCell, row: DatasetRowRecord | undefined, log: Log): Promise<CellDetailView> {
  const runModel = run.models.find((m) => m.id === cell.runModelId);
  return {
    cell: toCellView(cell),
    output: cell.outputText,
    messages: await renderedMessages(run, row, log),
    grades: cell.grades,
    manualNote: cell.manualNote ?? null,
    attempts: cell.attempts,
    providerTiming: cell.providerTiming,
    modelCostUsd: cell.costUsd,
    gradingCostUsd: sumCosts(cell.grades.map((grade) => grade.costUsd)),
    rowValues: fullRowValues(row),
    modelLabel: runModel ? runModel.displayLabel || `${runModel.provider}/${runModel.model}` : cell.runModelId,
    ...(cell.samples.length > 1 ? { samples: cell.samples.map(sampleView) } : {}),
  };
}
