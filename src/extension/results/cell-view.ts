/**
 * Store cells and dataset rows → what the grid shows (pure, unit-tested). Outputs and row
 * values are clipped here, on the host: the full text only travels with `cellDetail`.
 */
import { HISTORY_COLUMN, parseConversation, type Conversation } from '../../core/prompt/row-data';
import { cellIdOf } from '../../core/model/cell-id';
import { sampleAgreement } from '../../shared/stats/sample-agreement';
import type { CellView, RowView, SampleAgreementView } from '../../shared/protocol';
import type { CellInput, CellRecord, DatasetRowRecord, JsonValue } from '../../core/model';

export const CLIP_LENGTH = 300;

export function clip(text: string, length = CLIP_LENGTH): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

export function displayValue(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A cell as the run streams it (no manual grade yet) or as the store holds it. */
export type AnyCell = CellInput & Partial<Pick<CellRecord, 'manualPass' | 'manualScore' | 'manualNote'>>;

function agreementView(cell: AnyCell): SampleAgreementView | undefined {
  if (cell.samples.length < 2) return undefined;
  const { samples, completed, graded, passCount, distinctOutputs, allAgree } = sampleAgreement(cell.samples);
  return { samples, completed, graded, passCount, distinctOutputs, allAgree };
}

export function toCellView(cell: AnyCell): CellView {
  const output = cell.outputText;
  const agreement = agreementView(cell);
  return {
    id: cellIdOf(cell.runModelId, cell.datasetRowId),
    runModelId: cell.runModelId,
    datasetRowId: cell.datasetRowId,
    status: cell.status,
    output: output === null ? null : clip(output),
    outputLength: output?.length ?? 0,
    error: cell.errorText === null ? null : clip(cell.errorText),
    latencyMs: cell.latencyMs,
    tokensIn: cell.tokensIn,
    tokensOut: cell.tokensOut,
    tokensCached: cell.tokensCached,
    costUsd: cell.costUsd,
    gradeScore: cell.gradeScore,
    gradePass: cell.gradePass,
    // A cell with graders but no overall verdict is ungraded, even when one of its graders answered.
    gradeState: cell.grades.length === 0 ? 'none' : cell.gradePass === null ? 'ungraded' : 'graded',
    manualPass: cell.manualPass ?? null,
    manualScore: cell.manualScore ?? null,
    hasManualNote: (cell.manualNote ?? '') !== '',
    simulated: cell.simulated,
    ...(agreement ? { sampleAgreement: agreement } : {}),
    ...(cell.grades.length > 1 ? { verdicts: cell.grades.map((g) => ({ name: g.grader, pass: g.pass, score: g.score })) } : {}),
  };
}

/** The conversation of a row's `messages` column, or undefined when it holds none (or not a valid one). */
function conversationOf(column: string, value: JsonValue | undefined): Conversation | undefined {
  if (column !== HISTORY_COLUMN) return undefined;
  try {
    return parseConversation(value);
  } catch {
    return undefined; // shown as it is; the run reports what is wrong with it
  }
}

function turnText(turn: Conversation[number]): string {
  const role = turn.role === 'model' ? 'assistant' : turn.role;
  const content =
    typeof turn.content === 'string'
      ? turn.content
      : turn.content.map((part) => ('text' in part ? part.text : '[image]')).join('');
  return `${role}: ${content}`;
}

/** The grid's one line: `3 messages · user: Hello · assistant: Hi there! · …`. */
export function compactConversation(conversation: Conversation): string {
  const count = `${conversation.length} message${conversation.length === 1 ? '' : 's'}`;
  return [count, ...conversation.map((turn) => turnText(turn).replace(/\s+/g, ' '))].join(' · ');
}

/** The grade panel's full text: each turn on its own, as written. */
export function fullConversation(conversation: Conversation): string {
  return conversation.map(turnText).join('\n\n');
}

export function toRowView(row: DatasetRowRecord): RowView {
  const values: Record<string, string> = {};
  for (const [column, value] of Object.entries(row.data)) {
    const conversation = conversationOf(column, value);
    values[column] = clip(conversation ? compactConversation(conversation) : displayValue(value));
  }
  return { datasetRowId: row.id, index: row.rowIndex, values };
}

/** The one row of a run without a dataset. */
export const NO_DATASET_ROW: RowView = { datasetRowId: null, index: 0, values: {} };

export function fullRowValues(row: DatasetRowRecord | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [column, value] of Object.entries(row?.data ?? {})) {
    const conversation = conversationOf(column, value);
    values[column] = conversation ? fullConversation(conversation) : displayValue(value);
  }
  return values;
}
