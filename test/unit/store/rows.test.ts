import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CELL_METRICS_COLUMNS,
  cellFromRow,
  cellMetricsFromRow,
  cellMetricsFromTuple,
  cellsToRows,
  datasetFromRow,
  datasetRowFromRow,
  datasetRowFromTuple,
  datasetRowsToRows,
  lastCellPerKey,
  manualGradeToRow,
  promptFromRow,
  promptToRow,
  runFromRow,
  runModelsToRows,
  runSummaryFromRow,
  runToRow,
} from '../../../src/store/rows';
import { cellInput } from './cells';

const RUN_ID = '11111111-1111-4111-8111-111111111111';

function runModelRow(position: number, label: string) {
  return { id: `m${position}`, run_id: RUN_ID, owner_id: 'o', position, provider: 'groq', model: label, display_label: label, params: {} };
}

function runRow() {
  return {
    id: RUN_ID,
    owner_id: 'o',
    prompt_id: null,
    dataset_id: 'd1',
    status: 'running',
    prompt_text: 'Hi',
    grader_texts: { 'g.prompt': 'Grade' },
    partial_texts: { prompt: { header: 'Hi' }, graders: {} },
    config: { concurrency: 2 },
    created_at: '2026-11-25T10:00:00.123456+00:00',
    updated_at: '2026-11-25T10:00:01+00:00',
    models: [runModelRow(1, 'second'), runModelRow(0, 'first')],
  };
}

describe('rows -> records', () => {
  it('reads a prompt row from PostgREST (ISO strings) and from PGlite (Date objects) alike', () => {
    const fromPostgrest = promptFromRow({
      id: 'p1', owner_id: 'o', name: 'triage', type: 'grader', body: 'b', path: 'a.prompt', content_hash: 'h',
      created_at: '2026-11-25T10:00:00+00:00', updated_at: '2026-11-25T10:00:00.5+00:00',
    });
    const fromPglite = promptFromRow({
      id: 'p1', name: 'triage', type: 'grader', body: 'b', path: 'a.prompt', content_hash: 'h',
      created_at: new Date('2026-11-25T10:00:00Z'), updated_at: new Date('2026-11-25T10:00:00.500Z'),
    });
    expect(fromPostgrest).toEqual({
      id: 'p1', name: 'triage', type: 'grader', body: 'b', path: 'a.prompt', contentHash: 'h',
      createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.500Z',
    });
    expect(fromPglite).toEqual(fromPostgrest);
  });

  it('rejects rows that do not match the schema', () => {
    const good = { id: 'p1', name: 'n', type: 'prompt', body: 'b', path: 'p', content_hash: 'h', created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' };
    expect(() => promptFromRow({ ...good, type: 'judge' })).toThrow();
    expect(() => promptFromRow({ ...good, created_at: 'yesterday' })).toThrow('not a timestamp');
    expect(() => promptFromRow({ ...good, content_hash: undefined })).toThrow();
    expect(() => datasetFromRow({ id: 'd', name: 'n', file_path: 'f', row_count: 1.5, columns: [], created_at: good.created_at })).toThrow();
  });

  it('reads datasets and their rows', () => {
    const file = { content_hash: 'a'.repeat(64), source_path: 'data/f.csv', version: 2, previous_version_id: 'd0' };
    expect(datasetFromRow({ id: 'd', name: 'n', file_path: 'f.csv', row_count: 2, columns: ['a'], created_at: '2026-11-25T10:00:00Z', updated_at: 'x', ...file, size_bytes: '4096' })).toEqual({
      id: 'd', name: 'n', filePath: 'f.csv', rowCount: 2, columns: ['a'], createdAt: '2026-11-25T10:00:00.000Z',
      contentHash: 'a'.repeat(64), sizeBytes: 4096, sourcePath: 'data/f.csv', version: 2, previousVersionId: 'd0',
    });
    // bigint size: a string from Postgres drivers, a number from PostgREST
    expect(datasetFromRow({ id: 'd', name: 'n', file_path: 'f.csv', row_count: 2, columns: ['a'], created_at: '2026-11-25T10:00:00Z', ...file, size_bytes: 4096 }).sizeBytes).toBe(4096);
    expect(() => datasetFromRow({ id: 'd', name: 'n', file_path: 'f.csv', row_count: 2, columns: ['a'], created_at: '2026-11-25T10:00:00Z' })).toThrow();
    expect(datasetRowFromRow({ id: 'r', dataset_id: 'd', row_index: 4, data_json: { a: [1, { b: null }] } })).toEqual({
      id: 'r', datasetId: 'd', rowIndex: 4, data: { a: [1, { b: null }] },
    });
    expect(() => datasetRowFromRow({ id: 'r', dataset_id: 'd', row_index: 4, data_json: [1] })).toThrow();
    expect(datasetRowFromTuple('d', ['r', 4, { a: 1 }])).toEqual({ id: 'r', datasetId: 'd', rowIndex: 4, data: { a: 1 } });
    expect(() => datasetRowFromTuple('d', ['r', 4])).toThrow('dataset_row');
    expect(() => datasetRowFromTuple('d', ['r', '4', {}])).toThrow('dataset_row.row_index');
  });

  it('reads a run with its models in the order they were listed', () => {
    const run = runFromRow(runRow());
    expect(run.models.map((m) => m.displayLabel)).toEqual(['first', 'second']);
    expect(run).toMatchObject({ id: RUN_ID, promptId: null, datasetId: 'd1', status: 'running', graderTexts: { 'g.prompt': 'Grade' }, createdAt: '2026-11-25T10:00:00.123Z' });
    expect(run.models[0]).toEqual({ id: 'm0', runId: RUN_ID, provider: 'groq', model: 'first', displayLabel: 'first', params: {} });
  });

  it('reads a run summary with prompt name and counts', () => {
    const summary = runSummaryFromRow({ ...runRow(), prompt_name: 'triage', cell_count: 10, failed_count: 2 });
    expect(summary).toMatchObject({ promptName: 'triage', cellCount: 10, failedCount: 2 });
    expect(() => runSummaryFromRow(runRow())).toThrow();
  });

  it('reads a cell, whatever shape numeric arrives in', () => {
    const input = cellInput('m0', 'r0');
    const row = { id: 'c', owner_id: 'o', ...cellsToRows([input]).rows[0], manual_score: 0.5, manual_pass: null, manual_note: 'ok', manual_graded_at: null, manual_graded_by: null, created_at: new Date('2026-11-25T10:00:00Z'), updated_at: new Date() };
    // the row's own uuid is not the cell's id: its place is (core/model/cell-id)
    const expected = { ...input, id: 'm0:r0', manualScore: 0.5, manualPass: null, manualNote: 'ok', createdAt: '2026-11-25T10:00:00.000Z' };
    expect(cellFromRow(row)).toEqual(expected);
    expect(cellFromRow({ ...row, cost_usd: '0.0000063' })).toEqual(expected);
    expect(() => cellFromRow({ ...row, cost_usd: 'free' })).toThrow();
    expect(() => cellFromRow({ ...row, grades: [{ grader: 'g' }] })).toThrow();
  });

  it('reads the metrics of a cell from exactly the metrics columns', () => {
    const row = { run_model_id: 'm0', dataset_row_id: null, status: 'failed', latency_ms: 12, cost_usd: '0.0000063', grade_score: null, grade_pass: null, manual_pass: true, manual_score: 0.5, simulated: true };
    expect(Object.keys(row).sort()).toEqual([...CELL_METRICS_COLUMNS].sort());
    const metrics = cellMetricsFromRow(row);
    expect(metrics).toEqual({ id: 'm0:-', runModelId: 'm0', datasetRowId: null, status: 'failed', latencyMs: 12, costUsd: 0.0000063, gradeScore: null, gradePass: null, manualPass: true, manualScore: 0.5, simulated: true });
    expect(cellMetricsFromRow({ ...row, cost_usd: 0.0000063 })).toEqual(metrics);
    expect(() => cellMetricsFromRow({ ...row, status: 'running' })).toThrow();
    expect(() => cellMetricsFromRow({ ...row, simulated: undefined })).toThrow('run_cell.simulated');
    const tuple = CELL_METRICS_COLUMNS.map((column) => row[column]);
    expect(cellMetricsFromTuple(tuple)).toEqual(metrics);
    expect(() => cellMetricsFromTuple(tuple.slice(1))).toThrow('run_cell');
    expect(() => cellMetricsFromTuple({ ...row })).toThrow('run_cell');
  });

  it('maps a whole run of metrics rows, keeping every field', () => {
    const rows = Array.from({ length: 15_000 }, (_, i) => ({
      run_model_id: 'm0', dataset_row_id: `r${i}`, status: i % 7 ? 'completed' : 'failed', latency_ms: i, cost_usd: 0.000001 * i,
      grade_score: i % 2 ? 1 : 0, grade_pass: i % 2 === 1, manual_pass: null, manual_score: null, simulated: false,
    }));
    const mapped = rows.map(cellMetricsFromRow);
    expect(mapped).toHaveLength(15_000);
    expect(mapped[14_999]).toMatchObject({ id: 'm0:r14999', datasetRowId: 'r14999', latencyMs: 14_999, gradePass: true });
    expect(mapped[7]).toMatchObject({ status: 'failed', gradeScore: 1, gradePass: true });
  });
});

describe('inputs -> rows', () => {
  it('maps prompts, datasets and runs to snake_case rows', () => {
    expect(promptToRow({ name: 'n', type: 'prompt', body: 'b', path: 'p', contentHash: 'h' })).toEqual({ name: 'n', type: 'prompt', body: 'b', path: 'p', content_hash: 'h' });
    expect(datasetRowsToRows('d', 10, [{ a: 1 }, { a: 2 }])).toEqual([
      { dataset_id: 'd', row_index: 10, data_json: { a: 1 } },
      { dataset_id: 'd', row_index: 11, data_json: { a: 2 } },
    ]);
    expect(runToRow({ promptId: 'p', datasetId: null, promptText: 't', graderTexts: {}, config: { a: 1 }, models: [] })).toEqual({
      prompt_id: 'p', dataset_id: null, prompt_text: 't', grader_texts: {}, partial_texts: { prompt: {}, graders: {} }, config: { a: 1 },
    });
    expect(runModelsToRows(RUN_ID, [
      { provider: 'groq', model: 'a', displayLabel: 'A', params: {} },
      { provider: 'cerebras', model: 'b', displayLabel: 'B', params: { t: 0 } },
    ])).toEqual([
      { run_id: RUN_ID, position: 0, provider: 'groq', model: 'a', display_label: 'A', params: {} },
      { run_id: RUN_ID, position: 1, provider: 'cerebras', model: 'b', display_label: 'B', params: { t: 0 } },
    ]);
  });

  it('rounds integer columns and leaves the manual grade out of a cell row', () => {
    const [row] = cellsToRows([cellInput('m', null, { latencyMs: 410.6, tokensIn: null })]).rows;
    if (!row) throw new Error('no row');
    expect(row).toMatchObject({ latency_ms: 411, tokens_in: null, dataset_row_id: null });
    expect(Object.keys(row).some((key) => key.startsWith('manual_'))).toBe(false);
    expect(manualGradeToRow({ score: null, pass: false, note: 'wrong' }, new Date('2026-11-25T10:00:00Z'))).toEqual({
      manual_score: null, manual_pass: false, manual_note: 'wrong', manual_graded_at: '2026-11-25T10:00:00.000Z',
    });
  });

  it('names each message of a request by the sha256 of its exact text, and records each distinct one once per run model', () => {
    const system = '{"role":"system","content":"Label it.\\n"}';
    const request = (user: string) => ({ messages: [system, `{"role":"user","content":"${user}"}`], params: { temperature: 0 } });
    const { rows, messages } = cellsToRows([
      cellInput('m0', 'r0', { request: request('a') }),
      cellInput('m0', 'r1', { request: request('b') }),
      cellInput('m1', 'r0', { request: request('a') }),
      cellInput('m1', 'r1', { request: null }),
    ]);
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(rows.map((row) => row.request)).toEqual([
      { messages: [sha(system), sha('{"role":"user","content":"a"}')], params: { temperature: 0 } },
      { messages: [sha(system), sha('{"role":"user","content":"b"}')], params: { temperature: 0 } },
      { messages: [sha(system), sha('{"role":"user","content":"a"}')], params: { temperature: 0 } },
      null,
    ]);
    expect(messages.map((m) => [m.run_model_id, m.body])).toEqual([
      ['m0', system],
      ['m0', '{"role":"user","content":"a"}'],
      ['m0', '{"role":"user","content":"b"}'],
      ['m1', system],
      ['m1', '{"role":"user","content":"a"}'],
    ]);
    expect(messages.every((m) => m.hash === sha(m.body))).toBe(true);
  });

  it('keeps the last cell for each (run model, dataset row), null rows included', () => {
    const cells = [
      cellInput('m1', 'r1', { outputText: 'old' }),
      cellInput('m1', null, { outputText: 'null-old' }),
      cellInput('m2', 'r1', { outputText: 'other model' }),
      cellInput('m1', 'r1', { outputText: 'new' }),
      cellInput('m1', null, { outputText: 'null-new' }),
    ];
    expect(lastCellPerKey(cells).map((c) => c.outputText)).toEqual(['new', 'null-new', 'other model']);
    const distinct = cells.slice(0, 3);
    expect(lastCellPerKey(distinct)).toEqual(distinct);
  });
});
