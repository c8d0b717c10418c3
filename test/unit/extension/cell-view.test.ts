import { describe, expect, it } from 'vitest';
import { cellIdOf } from '../../../src/core/model/cell-id';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { toWebviewMessageSchema } from '../../../src/shared/protocol';
import { buildCellDetail } from '../../../src/extension/results/cell-detail';
import { CLIP_LENGTH, fullRowValues, toCellView, toRowView, type AnyCell } from '../../../src/extension/results/cell-view';
import type { RunRecord, SampleRecord } from '../../../src/core/model';
import type { Store } from '../../../src/core/ports/store';

const baseCell: AnyCell = {
  runModelId: 'm1',
  datasetRowId: 'r1',
  status: 'completed',
  outputText: 'billing',
  errorText: null,
  latencyMs: 410,
  tokensIn: 30,
  tokensOut: 2,
  tokensCached: 0,
  costUsd: 0.000002,
  gradeScore: 1,
  gradePass: true,
  gradeReason: 'ok',
  grades: [{ grader: 'g.prompt', score: 1, pass: true, reason: 'ok', state: 'graded', costUsd: 0.000001 }],
  attempts: 1,
  providerTiming: {},
  simulated: false,
  samples: [],
};

describe('toCellView', () => {
  it('maps a streamed cell, keyed by its place in the grid', () => {
    const view = toCellView(baseCell);
    expect(view).toMatchObject({ id: cellIdOf('m1', 'r1'), output: 'billing', outputLength: 7, gradeState: 'graded', manualPass: null, hasManualNote: false });
    // what the webview validates on arrival
    expect(toWebviewMessageSchema.safeParse({ type: 'cellsUpdated', cells: [view] }).success).toBe(true);
  });

  it('lists each grader\'s and assertion\'s verdict when a cell has more than one', () => {
    expect(toCellView(baseCell).verdicts).toBeUndefined();
    const view = toCellView({
      ...baseCell,
      grades: [
        { grader: 'graders/is-bug.prompt', score: 0, pass: false, reason: 'not a bug', state: 'graded', costUsd: 0.000001 },
        { grader: 'assert:contains', score: null, pass: true, reason: 'contains "echo"', state: 'graded', costUsd: 0 },
      ],
    });
    expect(view.verdicts).toEqual([
      { name: 'graders/is-bug.prompt', pass: false, score: 0 },
      { name: 'assert:contains', pass: true, score: null },
    ]);
    expect(toWebviewMessageSchema.safeParse({ type: 'cellsUpdated', cells: [view] }).success).toBe(true);
  });

  it('clips long outputs and errors but keeps the full length', () => {
    const long = 'x'.repeat(10_000);
    const view = toCellView({ ...baseCell, outputText: long, errorText: long });
    expect(view.output).toHaveLength(CLIP_LENGTH);
    expect(view.output?.endsWith('…')).toBe(true);
    expect(view.error).toHaveLength(CLIP_LENGTH);
    expect(view.outputLength).toBe(10_000);
  });

  it('tells no grader from a grader without a verdict, and carries the manual grade', () => {
    expect(toCellView({ ...baseCell, grades: [] }).gradeState).toBe('none');
    const ungraded = { grader: 'g', score: null, pass: null, reason: 'unparseable', state: 'ungraded' as const, costUsd: 0 };
    expect(toCellView({ ...baseCell, gradePass: null, gradeScore: null, grades: [ungraded] }).gradeState).toBe('ungraded');
    // One grader answered, the other did not: no verdict for the cell, so ungraded (its score is the one grader's).
    expect(toCellView({ ...baseCell, gradePass: null, gradeScore: 1, grades: [baseCell.grades[0]!, ungraded] }).gradeState).toBe('ungraded');
    const manual = toCellView({ ...baseCell, manualPass: false, manualScore: 0.2, manualNote: 'wrong label' });
    expect(manual).toMatchObject({ manualPass: false, manualScore: 0.2, hasManualNote: true, gradePass: true });
  });

  it('keys a cell without a dataset row', () => {
    expect(toCellView({ ...baseCell, datasetRowId: null }).id).toBe('m1:-');
  });
});

describe('row views', () => {
  it('shows values as clipped strings, full values on demand', () => {
    const row = { id: 'r1', datasetId: 'd', rowIndex: 3, data: { ticket: 'y'.repeat(1_000), n: 2, tags: ['a'], none: null } };
    const view = toRowView(row);
    expect(view.index).toBe(3);
    expect(view.values.ticket).toHaveLength(CLIP_LENGTH);
    expect(view.values).toMatchObject({ n: '2', tags: '["a"]', none: '' });
    expect(fullRowValues(row).ticket).toHaveLength(1_000);
    expect(fullRowValues(undefined)).toEqual({});
  });

  it('shows a messages column as the conversation: one line in the grid, every turn in the panel', () => {
    const conversation = '[{"role": "user", "content": "My order\\nis late"}, {"role": "model", "content": "Which one?"}, {"role": "user", "content": [{"type": "text", "text": "#42 "}, {"type": "image_url", "image_url": {"url": "receipt.png"}}]}]';
    const row = { id: 'r2', datasetId: 'd', rowIndex: 0, data: { messages: conversation, ticket: '[{"role": "user", "content": "not a conversation column"}]' } };
    expect(toRowView(row).values.messages).toBe('3 messages · user: My order is late · assistant: Which one? · user: #42 [image]');
    expect(fullRowValues(row).messages).toBe('user: My order\nis late\n\nassistant: Which one?\n\nuser: #42 [image]');
    // only the messages column is a conversation; a malformed one shows as written
    expect(toRowView(row).values.ticket).toBe(row.data.ticket);
    expect(toRowView({ ...row, data: { messages: 'not json' } }).values.messages).toBe('not json');
  });
});

describe('refinery.repeat cells', () => {
  const sample = (outputText: string | null, gradePass: boolean | null, errorText: string | null = null): SampleRecord => ({
    outputText, errorText, latencyMs: 400, tokensIn: 30, tokensOut: 2, tokensCached: 0, costUsd: 0.000002, gradePass, gradeScore: gradePass ? 1 : 0,
    grades: [{ grader: 'g.prompt', score: gradePass ? 1 : 0, pass: gradePass, reason: 'r', state: 'graded', costUsd: 0.000001 }],
  });
  const repeated: AnyCell = { ...baseCell, samples: [sample('billing', true), sample(' billing', true), sample('bug', false), sample(null, null, 'timeout: no answer')] };

  it('the cell view carries the sample agreement (and a single-sample cell none)', () => {
    const view = toCellView(repeated);
    expect(view.sampleAgreement).toEqual({ samples: 4, completed: 3, graded: 3, passCount: 2, distinctOutputs: 2, allAgree: false });
    expect(toWebviewMessageSchema.safeParse({ type: 'cellsUpdated', cells: [view] }).success).toBe(true);
    expect('sampleAgreement' in toCellView(baseCell)).toBe(false);
  });

  it('the detail lists every sample with its full output, grade, latency and cost', async () => {
    const run: RunRecord = {
      id: 'run', promptId: null, datasetId: null, status: 'completed', promptText: '{{role "user"}}hi', graderTexts: {}, partialTexts: { prompt: {}, graders: {} }, config: parseRunConfig({}), createdAt: '', updatedAt: '',
      models: [{ id: 'm1', runId: 'run', provider: 'groq', model: 'x', displayLabel: 'groq/x', params: {} }],
    };
    // a streamed cell without a store id: nothing is read from the store
    const store = { listCellRequests: () => Promise.reject(new Error('not expected')) } as unknown as Store;
    const detail = await buildCellDetail(run, { ...repeated, samples: [sample('y'.repeat(5_000), true), ...repeated.samples.slice(1)] }, undefined, store);
    expect(detail.samples?.map((s) => [s.output?.length ?? null, s.gradePass, s.error])).toEqual([[5_000, true, null], [8, true, null], [3, false, null], [null, null, 'timeout: no answer']]);
    expect(detail.samples?.[0]).toMatchObject({ latencyMs: 400, costUsd: 0.000002, gradeScore: 1 });
    expect(toWebviewMessageSchema.safeParse({ type: 'cellDetail', detail }).success).toBe(true);
    expect((await buildCellDetail(run, baseCell, undefined, store)).samples).toBeUndefined();
  });
});
