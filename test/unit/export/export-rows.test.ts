import { mkdtempSync, readFileSync } from 'node:fs';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportRows, writeExport } from '../../../src/core/export';
import { wilsonInterval } from '../../../src/core/stats';
import type { CellRecord, DatasetRowRecord, GradeRecord, RunRecord } from '../../../src/core/model';

const run: RunRecord = {
  id: 'run-1', promptId: 'p', datasetId: 'ds', status: 'completed', promptText: '', graderTexts: { 'judge.prompt': '...' }, partialTexts: { prompt: {}, graders: {} }, config: parseRunConfig({}), createdAt: '', updatedAt: '',
  models: [
    { id: 'rm-a', runId: 'run-1', provider: 'groq', model: 'llama-3.1-8b-instant', displayLabel: '', params: {} },
    { id: 'rm-b', runId: 'run-1', provider: 'sim', model: 'echo', displayLabel: '', params: {} },
  ],
};
const rows: DatasetRowRecord[] = [
  { id: 'r0', datasetId: 'ds', rowIndex: 0, data: { ticket: 'charged twice', expected: 'billing' } },
  { id: 'r1', datasetId: 'ds', rowIndex: 1, data: { ticket: 'crash, "again"', expected: 'bug' } },
];
const grade = (grader: string, pass: boolean, score: number | null, costUsd: number | null, reason = 'why'): GradeRecord => ({ grader, pass, score, reason, state: 'graded', costUsd });

function cell(id: string, runModelId: string, datasetRowId: string, fields: Partial<CellRecord>): CellRecord {
  return {
    id, runModelId, datasetRowId, status: 'completed', outputText: 'billing', errorText: null, latencyMs: 420, tokensIn: 100, tokensOut: 20, tokensCached: 40,
    costUsd: 0.0003, gradeScore: 1, gradePass: true, gradeReason: 'ok', grades: [], attempts: 1, providerTiming: {}, simulated: false, samples: [],
    manualScore: null, manualPass: null, manualNote: null, createdAt: '', ...fields,
  };
}

// Listed out of order: the export sorts by row, then by the run's model order.
const cells: CellRecord[] = [
  cell('c3', 'rm-b', 'r1', { outputText: 'echo: crash, "again"\nline 2', costUsd: 0, simulated: true, grades: [grade('judge.prompt', false, 0, 0.0001), grade('assert:equals', false, null, 0, 'output differs'), grade('assert:json', false, null, 0)], gradeScore: 0, gradePass: false }),
  cell('c1', 'rm-a', 'r0', { grades: [{ ...grade('judge.prompt', true, 1, 0.0002), tokensIn: 310, tokensOut: 24, tokensCached: 128 }, grade('assert:equals', true, null, 0), grade('assert:json', false, null, 0)], manualPass: false, manualScore: 0.5, manualNote: 'too terse' }),
  cell('c2', 'rm-b', 'r0', { status: 'failed', outputText: null, errorText: 'timeout: no answer', costUsd: null, latencyMs: null, tokensIn: null, tokensOut: null, tokensCached: null, gradeScore: null, gradePass: null, gradeReason: null }),
];

const expectedFirst = {
  run_id: 'run-1', row_index: 0, model: 'groq/llama-3.1-8b-instant', simulated: false, batch: false,
  'input.ticket': 'charged twice', 'input.expected': 'billing',
  status: 'completed', outcome: 'passed', output: 'billing', error: null, latency_ms: 420, tokens_in: 100, tokens_out: 20, tokens_cached: 40,
  cost_usd: 0.0003, batch_discount: null, grading_cost_usd: 0.0002, total_cost_usd: 0.0005, cost_note: null, attempts: 1,
  grade_score: 1, grade_pass: true, grade_reason: 'ok',
  sample_count: 1, sample_pass_count: 1, distinct_outputs: 1, samples: [],
  'grade.judge.prompt.score': 1, 'grade.judge.prompt.pass': true, 'grade.judge.prompt.reason': 'why', 'grade.judge.prompt.cost_usd': 0.0002,
  'grade.judge.prompt.tokens_in': 310, 'grade.judge.prompt.tokens_out': 24, 'grade.judge.prompt.tokens_cached': 128,
  'assert.equals.pass': true, 'assert.equals.reason': 'why', 'assert.json.pass': false, 'assert.json.reason': 'why',
  manually_graded: true, manual_score: 0.5, manual_pass: false, manual_note: 'too terse',
  // groq's one cell passed: 1 of 1, Wilson [0.2065, 1] (scipy; see significance-stats.test.ts); one score, no interval
  model_pass_rate: 1, model_pass_rate_ci_lower: wilsonInterval(1, 1)!.lower, model_pass_rate_ci_upper: 1, model_pass_rate_cells: 1,
  model_mean_score: 1, model_mean_score_ci_lower: null, model_mean_score_ci_upper: null,
  'request.messages': [{ role: 'system', content: 'Label.\n' }, { role: 'user', content: 'charged twice' }],
  'request.params': { temperature: 0, max_completion_tokens: 16 },
};

/** What c1 sent, as the store records it: each message's exact JSON text. */
const requests = new Map([['c1', { messages: ['{"role":"system","content":"Label.\\n"}', '{"role":"user","content":"charged twice"}'], params: { temperature: 0, max_completion_tokens: 16 } }]]);

/** CSV has no null: an empty field stands for it; the samples list is JSON text. */
function fromCsv(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, v === '' ? null : (k === 'samples' || k.startsWith('request.')) && typeof v === 'string' ? (JSON.parse(v) as unknown) : v]),
  );
}

function readBack(format: string, text: string): Record<string, unknown>[] {
  if (format === 'csv') return Papa.parse<Record<string, unknown>>(text, { header: true, dynamicTyping: true, skipEmptyLines: true }).data.map(fromCsv);
  if (format === 'jsonl') return text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  return JSON.parse(text) as Record<string, unknown>[];
}

describe('exportRows', () => {
  const exported = exportRows(run, cells, rows, requests);

  it('one column per metric: graders, assertions, tokens, model + grading cost, manual grade and flag', () => {
    expect(exported.map((r) => [r.row_index, r.model])).toEqual([[0, 'groq/llama-3.1-8b-instant'], [0, 'sim/echo'], [1, 'sim/echo']]);
    expect(exported[0]).toEqual(expectedFirst);
    expect(Object.keys(exported[0] ?? {})).toEqual(Object.keys(expectedFirst));
  });

  it('a failed cell has empty metric columns and an unknown total cost', () => {
    expect(exported[1]).toMatchObject({ status: 'failed', outcome: 'errored', error: 'timeout: no answer', cost_usd: null, grading_cost_usd: 0, total_cost_usd: null, 'assert.equals.pass': null, 'grade.judge.prompt.pass': null, manually_graded: false, 'request.messages': null, 'request.params': null });
  });

  it('says ungraded for a completed cell without a verdict, and unchecked in a run without graders or assertions', () => {
    const noVerdict = cell('c4', 'rm-a', 'r1', { gradeScore: null, gradePass: null, grades: [{ ...grade('judge.prompt', false, null, 0.0001), pass: null, state: 'ungraded' }] });
    expect(exportRows(run, [noVerdict], rows)[0]?.outcome).toBe('ungraded');
    const plain = { ...run, graderTexts: {}, config: parseRunConfig({ assertions: [] }) };
    expect(exportRows(plain, [{ ...noVerdict, grades: [] }], rows)[0]?.outcome).toBe('unchecked');
  });

  it.each(['csv', 'json', 'jsonl'])('writes %s and reads back the same cells', async (format) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'refinery-export-')), `out.${format}`);
    await writeExport(file, exported);
    const text = readFileSync(file, 'utf8');
    let back: Record<string, unknown>[];
    if (format === 'csv') {
      const parsed = Papa.parse<Record<string, unknown>>(text, { header: true, dynamicTyping: true, skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      expect(parsed.meta.fields).toEqual(Object.keys(expectedFirst));
      back = parsed.data.map(fromCsv);
    } else if (format === 'jsonl') {
      back = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    } else {
      back = JSON.parse(text) as Record<string, unknown>[];
    }
    expect(back).toHaveLength(3);
    expect(back[0]).toEqual(expectedFirst);
    expect(back[2]).toMatchObject({ outcome: 'failed', output: 'echo: crash, "again"\nline 2', 'input.ticket': 'crash, "again"', 'assert.equals.pass': false, 'assert.equals.reason': 'output differs', 'grade.judge.prompt.pass': false, total_cost_usd: 0.0001, simulated: true });
  });
});

describe('exportRows of a batch run', () => {
  const batchRun: RunRecord = { ...run, config: parseRunConfig({ batch: true, batchDiscounts: { 'groq/llama-3.1-8b-instant': 0.5, 'sim/echo': 0 } }) };
  // folded from a batch line (no latency of its own), re-run live after the batch expired, and failed
  const folded = cell('b1', 'rm-a', 'r0', { latencyMs: null, costUsd: 0.00015 });
  const rerunLive = cell('b2', 'rm-a', 'r1', { latencyMs: 380 });
  const failed = cell('b3', 'rm-b', 'r0', { status: 'failed', outputText: null, errorText: 'batch expired: not run in time', costUsd: null, latencyMs: null, tokensIn: null, tokensOut: null, tokensCached: null });

  it('says batch on every row, and the discount beside the cost of each answer that came back from a batch', () => {
    const exported = exportRows(batchRun, [folded, rerunLive, failed], rows);
    expect(exported.map((r) => [r.model, r.row_index, r.batch, r.cost_usd, r.batch_discount])).toEqual([
      ['groq/llama-3.1-8b-instant', 0, true, 0.00015, 0.5],
      ['sim/echo', 0, true, null, null],
      ['groq/llama-3.1-8b-instant', 1, true, 0.0003, null],
    ]);
    const keys = Object.keys(exported[0] ?? {});
    expect(keys.indexOf('batch_discount')).toBe(keys.indexOf('cost_usd') + 1);
  });

  it.each(['csv', 'json', 'jsonl'])('%s: a live and a batch run export the same columns, the discount read back', async (format) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'refinery-export-batch-'));
    const liveFile = path.join(dir, `live.${format}`);
    const batchFile = path.join(dir, `batch.${format}`);
    // the same cells in a live run (where nothing is at a batch price, whatever its latency)
    await writeExport(liveFile, exportRows(run, [folded, rerunLive, failed], rows));
    await writeExport(batchFile, exportRows(batchRun, [folded, rerunLive, failed], rows));
    const live = readBack(format, readFileSync(liveFile, 'utf8'));
    const batch = readBack(format, readFileSync(batchFile, 'utf8'));
    expect(Object.keys(batch[0] ?? {})).toEqual(Object.keys(live[0] ?? {}));
    expect(live.map((r) => [r.batch, r.batch_discount])).toEqual(live.map(() => [false, null]));
    expect(batch.map((r) => [r.batch, r.batch_discount])).toEqual([[true, 0.5], [true, null], [true, null]]);
  });
});

describe('exportRows of calls whose price is unknown', () => {
  it('leaves the costs empty, never 0, and says "price unknown" in cost_note', () => {
    const unpricedModel = cell('c6', 'rm-a', 'r0', { costUsd: null, grades: [grade('judge.prompt', true, 1, 0.0002)] });
    const unpricedJudge = cell('c7', 'rm-b', 'r0', { costUsd: 0.0001, grades: [grade('judge.prompt', true, 1, null)] });
    const failed = cell('c8', 'rm-b', 'r1', { status: 'failed', costUsd: null, tokensIn: null, tokensOut: null, tokensCached: null, grades: [] });
    const [model, judge, none] = exportRows(run, [unpricedModel, unpricedJudge, failed], rows);

    expect(model).toMatchObject({ cost_usd: null, grading_cost_usd: 0.0002, total_cost_usd: null, cost_note: 'price unknown' });
    expect(judge).toMatchObject({ cost_usd: 0.0001, grading_cost_usd: null, total_cost_usd: null, cost_note: 'price unknown (grader)', 'grade.judge.prompt.cost_usd': null });
    // A call that failed used nothing: no cost, and nothing unknown about it.
    expect(none).toMatchObject({ cost_usd: null, total_cost_usd: null, cost_note: null });
  });
});

describe('exportRows of a refinery.repeat cell', () => {
  const sample = (outputText: string | null, gradePass: boolean | null, costUsd: number | null, errorText: string | null = null) => ({
    outputText, errorText, latencyMs: outputText === null ? null : 400, tokensIn: 100, tokensOut: 10, tokensCached: 0, costUsd, gradePass,
    gradeScore: gradePass === null ? null : gradePass ? 1 : 0, grades: gradePass === null ? [] : [grade('judge.prompt', gradePass, gradePass ? 1 : 0, 0.00001)],
  });
  // 5 samples: "billing" twice (once with a trailing newline), "bug" twice, "account"; 3 pass.
  const repeated = cell('c4', 'rm-a', 'r1', {
    outputText: 'billing', gradePass: true, gradeScore: 0.6, costUsd: 0.0005,
    samples: [sample('billing', true, 0.0001), sample('billing\n', true, 0.0001), sample('bug', false, 0.0001), sample('bug', true, 0.0001), sample('account', false, 0.0001)],
  });
  const failedOne = cell('c5', 'rm-b', 'r1', {
    status: 'failed', errorText: 'sample 2 of 2: timeout', gradePass: null, gradeScore: null,
    samples: [sample('billing', null, 0.0001), sample(null, null, null, 'timeout')],
  });
  const exported = exportRows(run, [repeated, failedOne], rows);

  it('counts samples, passes and distinct outputs, and lists every sample', () => {
    expect(exported[0]).toMatchObject({ sample_count: 5, sample_pass_count: 3, distinct_outputs: 3, grade_pass: true, cost_usd: 0.0005 });
    expect(exported[0]?.samples).toHaveLength(5);
    expect((exported[0]?.samples as unknown[])[2]).toEqual({
      output: 'bug', error: null, latency_ms: 400, tokens_in: 100, tokens_out: 10, tokens_cached: 0, cost_usd: 0.0001, grade_pass: false, grade_score: 0,
      grades: [{ grader: 'judge.prompt', score: 0, pass: false, reason: 'why', state: 'graded', cost_usd: 0.00001 }],
    });
    expect(exported[1]).toMatchObject({ status: 'failed', sample_count: 2, sample_pass_count: null, distinct_outputs: 1 });
  });

  it.each(['csv', 'json', 'jsonl'])('%s reads back with the same sample columns and samples', async (format) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'refinery-export-')), `out.${format}`);
    await writeExport(file, exported);
    const text = readFileSync(file, 'utf8');
    if (format === 'csv') expect(text.split('\n')[1]).toMatch(/^run-1,1,/); // no blank line under the header
    const back = readBack(format, text);
    expect(back.map((r) => [r.sample_count, r.sample_pass_count, r.distinct_outputs])).toEqual([[5, 3, 3], [2, null, 1]]);
    expect(back[0]?.samples).toEqual(exported[0]?.samples);
    expect((back[1]?.samples as Array<{ error: string | null }>).map((s) => s.error)).toEqual([null, 'timeout']);
  });
});
