/** Deterministic runs, rows and cells for the webview tests and the benchmark. */
import type { CellDetailView, CellView, ModelView, RowView, RunView, ToWebviewMessage } from '../../../src/shared/protocol';

export const MODELS: ModelView[] = [
  { runModelId: 'rm-groq', label: 'groq/openai/gpt-oss-20b', provider: 'groq', model: 'openai/gpt-oss-20b', simulated: false },
  { runModelId: 'rm-cerebras', label: 'cerebras/gpt-oss-120b', provider: 'cerebras', model: 'gpt-oss-120b', simulated: false },
  { runModelId: 'rm-sim', label: 'sim/echo', provider: 'sim', model: 'echo', simulated: true },
];

const TICKETS = [
  'My invoice shows a double charge for March',
  'The app crashes when I upload a photo',
  'How do I change my password?',
  'Refund for an order that never arrived',
  'Dark mode makes the text unreadable',
];
const LABELS = ['billing', 'bug', 'account', 'billing', 'bug'];

export function makeRows(count: number): RowView[] {
  return Array.from({ length: count }, (_, index) => ({
    datasetRowId: `row-${index}`,
    index,
    values: { ticket: `${TICKETS[index % TICKETS.length]!} (#${index})`, expected: LABELS[index % LABELS.length]!, locale: index % 3 === 0 ? 'de' : 'en' },
  }));
}

export function makeRun(totalCells: number, overrides: Partial<RunView> = {}): RunView {
  return {
    runId: 'run-1',
    promptName: 'triage.prompt',
    datasetName: 'tickets.csv',
    status: 'completed',
    createdAt: '2026-11-26T01:00:00.000Z',
    totalCells,
    graders: ['graders/correct_label.prompt'],
    checked: true,
    ...overrides,
  };
}

/** A completed, graded cell whose figures derive from its position (so tests can predict them). */
export function makeCell(rowIndex: number, model: ModelView, overrides: Partial<CellView> = {}): CellView {
  const modelIndex = MODELS.findIndex((m) => m.runModelId === model.runModelId);
  const pass = (rowIndex + modelIndex) % 4 !== 0;
  return {
    id: `cell-${model.runModelId}-${rowIndex}`,
    runModelId: model.runModelId,
    datasetRowId: `row-${rowIndex}`,
    status: 'completed',
    output: `${LABELS[rowIndex % LABELS.length]!} — answer ${rowIndex} from ${model.model}`,
    outputLength: 40,
    error: null,
    latencyMs: 100 + ((rowIndex * 37 + modelIndex * 101) % 900),
    tokensIn: 120 + rowIndex % 50,
    tokensOut: 8 + (rowIndex % 7),
    tokensCached: 0,
    costUsd: model.simulated ? 0 : 0.00001 * (1 + (rowIndex % 5)),
    gradeScore: pass ? 1 : 0,
    gradePass: pass,
    gradeState: 'graded',
    manualPass: null,
    manualScore: null,
    hasManualNote: false,
    simulated: model.simulated,
    ...overrides,
  };
}

export function makeCells(rows: number, models: readonly ModelView[] = MODELS): CellView[] {
  return Array.from({ length: rows }, (_, r) => models.map((model) => makeCell(r, model))).flat();
}

export function makeInit(rowCount: number, options: { cells?: CellView[]; run?: Partial<RunView>; models?: ModelView[] } = {}): ToWebviewMessage {
  const models = options.models ?? MODELS;
  const cells = options.cells ?? makeCells(rowCount, models);
  return {
    type: 'init',
    run: makeRun(rowCount * models.length, options.run),
    models,
    rows: makeRows(rowCount),
    cells,
    progress: { done: cells.length, total: rowCount * models.length },
  };
}

export function makeDetail(cell: CellView, overrides: Partial<CellDetailView> = {}): CellDetailView {
  return {
    cell,
    output: cell.output === null ? null : `${cell.output}\n\nFull text: the ticket is about ${cell.output.split(' ')[0]}.`,
    request: {
      messages: [
        { role: 'system', parts: [{ type: 'text', text: 'You triage support tickets. Answer with one label.\n' }] },
        { role: 'user', parts: [{ type: 'text', text: 'My invoice shows a double charge for March' }] },
      ],
      params: { temperature: '0', max_completion_tokens: '16' },
    },
    grades: [
      {
        grader: 'graders/correct_label.prompt',
        score: cell.gradeScore,
        pass: cell.gradePass,
        reason: cell.gradePass ? 'The label matches the expected label.' : 'Expected "billing", got another label.',
        state: 'graded',
        costUsd: 0.000004,
      },
    ],
    manualNote: null,
    attempts: 1,
    providerTiming: { queue: 3, request: (cell.latencyMs ?? 0) - 3 },
    modelCostUsd: cell.costUsd,
    gradingCostUsd: 0.000004,
    rowValues: { ticket: 'My invoice shows a double charge for March', expected: 'billing', locale: 'en' },
    modelLabel: 'groq/openai/gpt-oss-20b',
    ...overrides,
  };
}
