import { describe, expect, it } from 'vitest';
import { toWebviewMessageSchema } from '../../../src/shared/protocol';
import { CLIP_LENGTH, cellKey, fullRowValues, toCellView, toRowView, type AnyCell } from '../../../src/extension/results/cell-view';

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
};

describe('toCellView', () => {
  it('maps a streamed cell, keyed by its place in the grid', () => {
    const view = toCellView(baseCell);
    expect(view).toMatchObject({ id: cellKey('m1', 'r1'), output: 'billing', outputLength: 7, gradeState: 'graded', manualPass: null, hasManualNote: false });
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
    expect(toCellView({ ...baseCell, grades: [ungraded] }).gradeState).toBe('ungraded');
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
});
