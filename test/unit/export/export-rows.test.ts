import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportRows, writeExport } from '../../../src/core/export';
import type { CellRecord, DatasetRowRecord, GradeRecord, RunRecord } from '../../../src/store/types';

const run: RunRecord = {
  id: 'run-1', promptId: 'p', datasetId: 'ds', status: 'completed', promptText: '', graderTexts: { 'judge.prompt': '...' }, config: {}, createdAt: '', updatedAt: '',
  models: [
    { id: 'rm-a', runId: 'run-1', provider: 'groq', model: 'llama-3.1-8b-instant', displayLabel: '', params: {} },
    { id: 'rm-b', runId: 'run-1', provider: 'sim', model: 'echo', displayLabel: '', params: {} },
  ],
};
const rows: DatasetRowRecord[] = [
  { id: 'r0', datasetId: 'ds', rowIndex: 0, data: { ticket: 'charged twice', expected: 'billing' } },
  { id: 'r1', datasetId: 'ds', rowIndex: 1, data: { ticket: 'crash, "again"', expected: 'bug' } },
];
const grade = (grader: string, pass: boolean, score: number | null, costUsd: number, reason = 'why'): GradeRecord => ({ grader, pass, score, reason, state: 'graded', costUsd });

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
  cell('c1', 'rm-a', 'r0', { grades: [grade('judge.prompt', true, 1, 0.0002), grade('assert:equals', true, null, 0), grade('assert:json', false, null, 0)], manualPass: false, manualScore: 0.5, manualNote: 'too terse' }),
  cell('c2', 'rm-b', 'r0', { status: 'failed', outputText: null, errorText: 'timeout: no answer', costUsd: null, latencyMs: null, tokensIn: null, tokensOut: null, tokensCached: null, gradeScore: null, gradePass: null, gradeReason: null }),
];

const expectedFirst = {
  run_id: 'run-1', row_index: 0, model: 'groq/llama-3.1-8b-instant', simulated: false,
  'input.ticket': 'charged twice', 'input.expected': 'billing',
  status: 'completed', output: 'billing', error: null, latency_ms: 420, tokens_in: 100, tokens_out: 20, tokens_cached: 40,
  cost_usd: 0.0003, grading_cost_usd: 0.0002, total_cost_usd: 0.0005, attempts: 1,
  grade_score: 1, grade_pass: true, grade_reason: 'ok',
  'grade.judge.prompt.score': 1, 'grade.judge.prompt.pass': true, 'grade.judge.prompt.reason': 'why', 'grade.judge.prompt.cost_usd': 0.0002,
  'assert.equals.pass': true, 'assert.equals.reason': 'why', 'assert.json.pass': false, 'assert.json.reason': 'why',
  manually_graded: true, manual_score: 0.5, manual_pass: false, manual_note: 'too terse',
};

describe('exportRows', () => {
  const exported = exportRows(run, cells, rows);

  it('one column per metric: graders, assertions, tokens, model + grading cost, manual grade and flag', () => {
    expect(exported.map((r) => [r.row_index, r.model])).toEqual([[0, 'groq/llama-3.1-8b-instant'], [0, 'sim/echo'], [1, 'sim/echo']]);
    expect(exported[0]).toEqual(expectedFirst);
    expect(Object.keys(exported[0] ?? {})).toEqual(Object.keys(expectedFirst));
  });

  it('a failed cell has empty metric columns and an unknown total cost', () => {
    expect(exported[1]).toMatchObject({ status: 'failed', error: 'timeout: no answer', cost_usd: null, grading_cost_usd: 0, total_cost_usd: null, 'assert.equals.pass': null, 'grade.judge.prompt.pass': null, manually_graded: false });
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
      // CSV has no null: an empty field stands for it.
      back = parsed.data.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v])));
    } else if (format === 'jsonl') {
      back = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    } else {
      back = JSON.parse(text) as Record<string, unknown>[];
    }
    expect(back).toHaveLength(3);
    expect(back[0]).toEqual(expectedFirst);
    expect(back[2]).toMatchObject({ output: 'echo: crash, "again"\nline 2', 'input.ticket': 'crash, "again"', 'assert.equals.pass': false, 'assert.equals.reason': 'output differs', 'grade.judge.prompt.pass': false, total_cost_usd: 0.0001, simulated: true });
  });
});
