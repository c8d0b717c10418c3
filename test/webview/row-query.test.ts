// The toolbar's filter, sort and search, on the grid's model (pure, in node).
import { describe, expect, it } from 'vitest';
import { ResultsModel } from '../../webview-ui/src/results-model';
import { queryRows, DEFAULT_QUERY } from '../../webview-ui/src/row-query';
import { groupThousands } from '../../webview-ui/src/format';
import { draftFrom, parseDraft } from '../../webview-ui/src/components/manual-grade-form';
import { MODELS, makeCell, makeRows, makeRun } from './support/results-fixture';

function modelWith(rows: number, cells: ReturnType<typeof makeCell>[]): ResultsModel {
  const model = new ResultsModel();
  model.init(makeRun(rows * MODELS.length), MODELS, makeRows(rows), cells, { done: cells.length, total: rows * MODELS.length });
  return model;
}

const [groq, cerebras] = MODELS as [(typeof MODELS)[0], (typeof MODELS)[0]];

describe('queryRows', () => {
  const model = modelWith(5, [
    makeCell(0, groq, { gradePass: true, gradeScore: 0.9, latencyMs: 300, costUsd: 0.003 }),
    makeCell(1, groq, { gradePass: false, gradeScore: 0.2, latencyMs: 900, costUsd: 0.001 }),
    makeCell(2, groq, { status: 'failed', output: null, error: 'HTTP 500 from provider', gradePass: null, gradeScore: null, gradeState: 'none', latencyMs: null, costUsd: null }),
    makeCell(3, groq, { gradePass: null, gradeScore: null, gradeState: 'ungraded', output: 'Needs a Refund' }),
    makeCell(4, groq, { gradePass: true, gradeScore: 0.5, manualPass: false, latencyMs: 100, costUsd: 0.002 }),
    makeCell(0, cerebras, { gradePass: null, gradeScore: null, gradeState: 'none', manualPass: true }),
  ]);

  it('shows every row in dataset order by default', () => {
    expect(queryRows(model, DEFAULT_QUERY)).toEqual([0, 1, 2, 3, 4]);
  });

  it('filters failed grades (automatic or manual), errors and ungraded cells', () => {
    expect(queryRows(model, { ...DEFAULT_QUERY, filter: 'failed' })).toEqual([1, 4]);
    expect(queryRows(model, { ...DEFAULT_QUERY, filter: 'errors' })).toEqual([2]);
    expect(queryRows(model, { ...DEFAULT_QUERY, filter: 'ungraded' })).toEqual([3]);
  });

  it("sorts by a model's score, latency or cost, rows without a value last", () => {
    const by = (key: 'score-asc' | 'score-desc' | 'latency-desc' | 'cost-desc') => queryRows(model, { ...DEFAULT_QUERY, sort: { key, runModelId: groq.runModelId } });
    expect(by('score-asc')).toEqual([1, 4, 0, 2, 3]);
    expect(by('score-desc')).toEqual([0, 4, 1, 2, 3]);
    expect(by('latency-desc')[0]).toBe(1);
    expect(by('cost-desc').slice(0, 3)).toEqual([0, 4, 1]);
  });

  it('searches outputs, errors and row values, case-insensitively', () => {
    expect(queryRows(model, { ...DEFAULT_QUERY, search: 'refund' })).toEqual([3]);
    expect(queryRows(model, { ...DEFAULT_QUERY, search: 'http 500' })).toEqual([2]);
    expect(queryRows(model, { ...DEFAULT_QUERY, search: 'PASSWORD' })).toEqual([2]);
    expect(queryRows(model, { ...DEFAULT_QUERY, search: 'nothing like this' })).toEqual([]);
  });
});

describe('ResultsModel', () => {
  it('merges live batches by (model, row), dropping cells of unknown models or rows', () => {
    const model = modelWith(2, []);
    const first = makeCell(0, groq, { gradePass: false });
    expect(model.mergeCells([first, makeCell(7, groq), { ...makeCell(0, groq), runModelId: 'nope' }])).toHaveLength(1);
    expect(model.statsFor(groq.runModelId)?.passes).toBe(0);
    model.mergeCells([{ ...first, gradePass: true }]);
    expect(model.cellAt(0, 0)?.gradePass).toBe(true);
    expect(model.statsFor(groq.runModelId)).toMatchObject({ cells: 1, passes: 1, graded: 1 });
    expect(model.positionOf(first)).toEqual({ rowIndex: 0, modelIndex: 0 });
  });
});

describe('manual grade form', () => {
  it('parses a verdict, an optional 0–1 score and a note', () => {
    expect(parseDraft({ verdict: 'fail', score: ' 0.25 ', note: 'wrong label' })).toEqual({ grade: { pass: false, score: 0.25, note: 'wrong label' } });
    expect(parseDraft({ verdict: 'pass', score: '', note: '  ' })).toEqual({ grade: { pass: true, score: null, note: null } });
    expect(parseDraft({ verdict: 'none', score: '1', note: '' })).toEqual({ grade: { pass: null, score: 1, note: null } });
  });

  it('refuses a score outside 0–1 and an empty grade, with a message', () => {
    expect(parseDraft({ verdict: 'pass', score: '1.5', note: '' })).toHaveProperty('error');
    expect(parseDraft({ verdict: 'pass', score: 'abc', note: '' })).toHaveProperty('error');
    expect(parseDraft({ verdict: 'none', score: '', note: '' })).toHaveProperty('error');
  });

  it('starts from the stored manual grade', () => {
    expect(draftFrom(false, 0.3, 'n')).toEqual({ verdict: 'fail', score: '0.3', note: 'n' });
    expect(draftFrom(null, null, null)).toEqual({ verdict: 'none', score: '', note: '' });
  });
});

describe('groupThousands', () => {
  it('groups digits by three, keeping a fraction and a sign', () => {
    expect([0, 999, 1000, 1234567, 12.5, -4500].map(groupThousands)).toEqual(['0', '999', '1,000', '1,234,567', '12.5', '-4,500']);
  });
});
