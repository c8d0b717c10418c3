/**
 * The host ↔ webview protocol of the results panel: discriminated unions named by direction,
 * validated with zod where they arrive (the host validates what the webview posts; the
 * webview validates what the host posts). `zod/mini` keeps the webview bundle small.
 *
 * Flow: the webview posts `ready`; only then the host posts `init` (everything needed to paint
 * the grid), then coalesced `cellsUpdated` batches and `runStatus` while the run goes.
 * Selecting a cell asks for its `cellDetail`; manual grades go to the host, which stores them
 * and answers with the updated cell.
 */
import * as z from 'zod/mini';

const grade = z.object({
  grader: z.string(),
  score: z.nullable(z.number()),
  pass: z.nullable(z.boolean()),
  reason: z.string(),
  state: z.enum(['graded', 'ungraded']),
  /** null: the judge answered but its price is unknown */
  costUsd: z.nullable(z.number()),
});
export type GradeView = z.infer<typeof grade>;

/** One model column group. */
const modelView = z.object({
  runModelId: z.string(),
  /** `provider/model`, or the user's label */
  label: z.string(),
  provider: z.string(),
  model: z.string(),
  /** `sim/*`: simulated output, labelled as such wherever shown */
  simulated: z.boolean(),
  /**
   * A batch run's model: its answers cost the batch price, `discount` (0.5: half) below the live
   * one; null when the run was stored before discounts were kept. Absent in a live run.
   */
  batch: z.optional(z.object({ discount: z.nullable(z.number()) })),
});
export type ModelView = z.infer<typeof modelView>;

/** One dataset row: its index and its values as display strings (clipped by the host). */
const rowView = z.object({
  /** dataset_row id, or null for a run without a dataset (one row) */
  datasetRowId: z.nullable(z.string()),
  index: z.number(),
  values: z.record(z.string(), z.string()),
});
export type RowView = z.infer<typeof rowView>;

/**
 * How the `refinery.repeat` samples of a cell agree (see `core/repeats`); absent for a
 * single-sample cell, so the common case adds nothing to `init`.
 */
const sampleAgreement = z.object({
  samples: z.number(),
  completed: z.number(),
  graded: z.number(),
  passCount: z.number(),
  distinctOutputs: z.number(),
  allAgree: z.boolean(),
});
export type SampleAgreementView = z.infer<typeof sampleAgreement>;

/** One sample of a repeated cell in the grade panel; `output` is the full text. */
const sampleView = z.object({
  output: z.nullable(z.string()),
  error: z.nullable(z.string()),
  latencyMs: z.nullable(z.number()),
  tokensIn: z.nullable(z.number()),
  tokensOut: z.nullable(z.number()),
  costUsd: z.nullable(z.number()),
  gradePass: z.nullable(z.boolean()),
  gradeScore: z.nullable(z.number()),
  grades: z.array(grade),
});
export type SampleView = z.infer<typeof sampleView>;

/**
 * What the grid needs of a cell. `output` is clipped by the host (see `outputLength` for the
 * full length); the full text comes with `cellDetail`.
 */
const cellView = z.object({
  id: z.string(),
  runModelId: z.string(),
  datasetRowId: z.nullable(z.string()),
  status: z.enum(['completed', 'failed']),
  output: z.nullable(z.string()),
  outputLength: z.number(),
  error: z.nullable(z.string()),
  latencyMs: z.nullable(z.number()),
  tokensIn: z.nullable(z.number()),
  tokensOut: z.nullable(z.number()),
  tokensCached: z.nullable(z.number()),
  costUsd: z.nullable(z.number()),
  gradeScore: z.nullable(z.number()),
  gradePass: z.nullable(z.boolean()),
  /** 'none': no grader ran; 'ungraded': a grader ran but gave no usable verdict */
  gradeState: z.enum(['graded', 'ungraded', 'none']),
  manualPass: z.nullable(z.boolean()),
  manualScore: z.nullable(z.number()),
  hasManualNote: z.boolean(),
  simulated: z.boolean(),
  sampleAgreement: z.optional(sampleAgreement),
  /**
   * Each grader's and assertion's own verdict, when a cell has more than one (with one, the
   * grade badge says it all); reasons travel with `cellDetail`.
   */
  verdicts: z.optional(z.array(z.object({ name: z.string(), pass: z.nullable(z.boolean()), score: z.nullable(z.number()) }))),
});
export type CellView = z.infer<typeof cellView>;

const runStatus = z.enum(['pending', 'running', 'completed', 'cancelled', 'failed']);
export type RunStatusView = z.infer<typeof runStatus>;

const runView = z.object({
  runId: z.string(),
  promptName: z.string(),
  datasetName: z.nullable(z.string()),
  status: runStatus,
  createdAt: z.string(),
  /** cells expected in total (rows × models) */
  totalCells: z.number(),
  graders: z.array(z.string()),
  /**
   * The run declares a grader or an assertion (the core's `runHasChecks`): its completed cells
   * without a verdict are then ungraded — not passed — and every cell counts in the pass rate.
   */
  checked: z.boolean(),
  /** The run went through the providers' Batch APIs (see `ModelView.batch` for each model's discount). */
  batch: z.optional(z.boolean()),
});
export type RunView = z.infer<typeof runView>;

/** A part of a message sent: text as it was sent, an image as a description (never its bytes). */
const sentPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), description: z.string() }),
]);
export type SentPartView = z.infer<typeof sentPart>;

const sentMessage = z.object({ role: z.string(), parts: z.array(sentPart) });
export type SentMessageView = z.infer<typeof sentMessage>;

/** What the cell's model call sent, from the run's record (not re-rendered). */
const sentRequest = z.object({
  messages: z.array(sentMessage),
  /** the request body's other fields (temperature, max tokens, response_format…), values as JSON text */
  params: z.record(z.string(), z.string()),
});
export type SentRequestView = z.infer<typeof sentRequest>;

const cellDetail = z.object({
  cell: cellView,
  /** full output text */
  output: z.nullable(z.string()),
  /** null when nothing was recorded: the call never went out, or the cell ran before requests were kept */
  request: z.nullable(sentRequest),
  grades: z.array(grade),
  manualNote: z.nullable(z.string()),
  attempts: z.number(),
  providerTiming: z.record(z.string(), z.number()),
  /** cost of the model call and of each grader call, USD */
  modelCostUsd: z.nullable(z.number()),
  /** null when some judge's price is unknown */
  gradingCostUsd: z.nullable(z.number()),
  /** The batch discount `modelCostUsd` is at (0.5: half the live price); absent at the live price. */
  modelBatchDiscount: z.optional(z.number()),
  rowValues: z.record(z.string(), z.string()),
  modelLabel: z.string(),
  /** `refinery.repeat` > 1: every sample in order (the first is the cell's own output). */
  samples: z.optional(z.array(sampleView)),
});
export type CellDetailView = z.infer<typeof cellDetail>;

const manualGrade = z.object({
  cellId: z.string(),
  pass: z.nullable(z.boolean()),
  score: z.nullable(z.number().check(z.gte(0), z.lte(1))),
  note: z.nullable(z.string().check(z.maxLength(10_000))),
});

/** How a cell moved from the baseline run (the core's `classifyCell`); 'missing' cells have no place in this grid. */
const cellChange = z.enum(['improved', 'regressed', 'changed', 'unchanged', 'new']);
export type CellChangeView = z.infer<typeof cellChange>;

const nullableNumber = z.nullable(z.number());

/** One paired test as the grid shows it: the figures for hovers and the core's sentence. */
const pairedTestView = z.object({
  difference: z.number(),
  lower: z.number(),
  upper: z.number(),
  pValue: z.number(),
  /** Holm-adjusted over the models of the comparison (equal to pValue for one model). */
  adjustedP: z.number(),
  /** e.g. "+4.2 points [-1.1, +9.5], p = 0.19 — not significant at 0.05 (12 improved, 8 regressed)" */
  sentence: z.string(),
});
export type PairedTestView = z.infer<typeof pairedTestView>;

/** Is the difference real? The paired tests of one model (the core's `pairedSignificance`). */
const significanceView = z.object({
  verdict: z.enum(['better', 'worse', 'no-difference', 'untested']),
  passFail: z.nullable(pairedTestView),
  score: z.nullable(pairedTestView),
  /** "improved rows 3, 7; regressed rows 4", or null when no row flipped. */
  flipped: z.nullable(z.string()),
});
export type SignificanceView = z.infer<typeof significanceView>;

/** A baseline run picked for comparison: a mark per cell of this run, and per model the deltas (current − baseline). */
const baselineView = z.object({
  runId: z.string(),
  /** e.g. "triage · Nov 26, 05:01" */
  label: z.string(),
  marks: z.array(z.object({ cellId: z.string(), change: cellChange, reason: z.string() })),
  models: z.array(
    z.object({
      runModelId: z.string(),
      deltas: z.object({ passRate: nullableNumber, meanScore: nullableNumber, costUsd: nullableNumber, p50LatencyMs: nullableNumber }),
      counts: z.object({ improved: z.number(), regressed: z.number(), changed: z.number(), unchanged: z.number() }),
      /** The model did not run in the baseline. */
      inBaseline: z.boolean(),
      significance: z.optional(significanceView),
    }),
  ),
  /** The tests' level, how many models the Holm adjustment spans, and what the tests are, in words. */
  tests: z.optional(z.object({ alpha: z.number(), tested: z.number(), preamble: z.string() })),
});
export type BaselineView = z.infer<typeof baselineView>;

/** A pairwise judge's result on this run and its baseline (the core's `summarizePairwise`), with the core's sentences. */
const pairwiseView = z.object({
  grader: z.string(),
  judge: z.string(),
  pairs: z.number(),
  winRate: nullableNumber,
  lower: nullableNumber,
  upper: nullableNumber,
  pValue: z.number(),
  positionBiasRate: nullableNumber,
  /** Null when the judge's price is unknown. */
  costUsd: nullableNumber,
  /** "A wins 12, B wins 5, ties 3 — win rate of A 71% [47–87] …" */
  sentence: z.string(),
  /** "position bias 15% (3 of 20 judged pairs …)" */
  positionBias: z.string(),
});
export type PairwiseView = z.infer<typeof pairwiseView>;

/** Two models of this run compared on their rows (the core's `compareModelsInRun`): A plays the current side. */
const modelComparisonView = z.object({
  modelA: z.string(),
  modelB: z.string(),
  significance: significanceView,
  tests: z.object({ alpha: z.number(), tested: z.number(), preamble: z.string() }),
});
export type ModelComparisonResultView = z.infer<typeof modelComparisonView>;

export const toWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    run: runView,
    models: z.array(modelView),
    rows: z.array(rowView),
    cells: z.array(cellView),
    progress: z.object({ done: z.number(), total: z.number() }),
  }),
  /** A coalesced batch: new or changed cells since the last batch (never one message per cell). */
  z.object({ type: z.literal('cellsUpdated'), cells: z.array(cellView) }),
  z.object({ type: z.literal('runStatus'), status: runStatus, done: z.number(), total: z.number() }),
  z.object({ type: z.literal('cellDetail'), detail: cellDetail }),
  z.object({ type: z.literal('showError'), message: z.string() }),
  /** The comparison with a baseline run (recomputed when cells change), or null once cleared. */
  z.object({ type: z.literal('baseline'), baseline: z.nullable(baselineView) }),
  /** The pairwise judge's result for this run and its baseline (stored, or just judged), or null when there is none. */
  z.object({ type: z.literal('pairwise'), pairwise: z.nullable(pairwiseView) }),
  /** Two models of this run compared (paired on their rows), or null once dismissed. */
  z.object({ type: z.literal('modelComparison'), comparison: z.nullable(modelComparisonView) }),
  /** A manual grade was saved or cleared: the webview offers Undo until the next change (null: nothing to undo). */
  z.object({ type: z.literal('manualGradeUndo'), undo: z.nullable(z.object({ cellId: z.string(), action: z.enum(['saved', 'cleared']) })) }),
]);
export type ToWebviewMessage = z.infer<typeof toWebviewMessageSchema>;

export const fromWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('selectCell'), cellId: z.string() }),
  z.object({ type: z.literal('setManualGrade'), grade: manualGrade }),
  z.object({ type: z.literal('clearManualGrade'), cellId: z.string() }),
  z.object({ type: z.literal('exportResults'), format: z.enum(['csv', 'json', 'jsonl']) }),
  z.object({ type: z.literal('cancelRun') }),
  /** Pick a baseline run (the host shows a quick pick of earlier runs of the same prompt and dataset). */
  z.object({ type: z.literal('compareWithBaseline') }),
  z.object({ type: z.literal('clearBaseline') }),
  /** Judge every row's two outputs (this run vs the baseline) with a pairwise judge the host asks for. */
  z.object({ type: z.literal('judgePairwise') }),
  /** Compare two models of this run on their rows (the host asks which when there are more than two). */
  z.object({ type: z.literal('compareModels') }),
  z.object({ type: z.literal('clearModelComparison') }),
  /** Run again the cells that errored, failed or are ungraded (the host asks first, see Re-run Failed Cells). */
  z.object({ type: z.literal('rerunFailed') }),
  /** Restore the manual grade a cell had before the last save / clear. */
  z.object({ type: z.literal('undoManualGrade'), cellId: z.string() }),
]);
export type FromWebviewMessage = z.infer<typeof fromWebviewMessageSchema>;

/** What the webview keeps in `vscode.setState` so the serializer can restore the panel after a reload. */
export const webviewStateSchema = z.object({ runId: z.string(), selectedCellId: z.optional(z.nullable(z.string())) });
export type WebviewState = z.infer<typeof webviewStateSchema>;

export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}
