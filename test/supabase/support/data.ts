/** Builders of prompts, datasets, runs and cells for the HTTP tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonValue, RunInput } from '../../../src/core/model';
import type { Store } from '../../../src/core/ports/store';

import { batchesOf, cellInput } from '../../unit/store/cells';

export { batchesOf, cellInput } from '../../unit/store/cells';

export function promptInput(name: string) {
  return { name, type: 'prompt' as const, body: `Hello {{name}} from ${name}`, path: `prompts/${name}.prompt`, contentHash: `hash-${name}` };
}

export interface TestRow extends Record<string, JsonValue> {
  name: string;
  expected: string;
}

export function rowsOf(count: number, tag: string): TestRow[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${tag}-${i}`, expected: i % 2 === 0 ? 'even' : 'odd' }));
}

/** A CSV of `rows` (columns name, expected) in a temp dir; the dir is removed with `cleanup`. */
export function csvFile(fileName: string, rows: readonly TestRow[]): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-supabase-test-'));
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, ['name,expected', ...rows.map((r) => `${r.name},${r.expected}`)].join('\n') + '\n');
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function runInput(promptId: string, datasetId: string | null): RunInput {
  return {
    promptId,
    datasetId,
    promptText: 'Hello {{name}}',
    graderTexts: { 'graders/label.prompt': 'grade it' },
    config: { concurrency: 4 },
    models: [
      { provider: 'groq', model: 'llama-3.1-8b-instant', displayLabel: 'groq/llama-3.1-8b-instant', params: { temperature: 0.2 } },
      { provider: 'cerebras', model: 'gpt-oss-120b', displayLabel: 'cerebras/gpt-oss-120b', params: {} },
    ],
  };
}

/** One user's full graph: a prompt, a dataset (with its file in Storage), a run and its cells. */
export async function seedGraph(store: Store, tag: string) {
  const prompt = await store.upsertPrompt(promptInput(tag));
  const rows = rowsOf(3, tag);
  const csv = csvFile(`${tag}.csv`, rows);
  try {
    const dataset = await store.createDataset(
      { name: `${tag}.csv`, filePath: `data/${tag}.csv`, columns: ['name', 'expected'] },
      batchesOf([rows]),
      { sourceFile: csv.file },
    );
    const datasetRows = await store.getDatasetRows(dataset.id);
    const run = await store.createRun(runInput(prompt.id, dataset.id));
    await store.saveCells(run.models.flatMap((m) => datasetRows.map((r) => cellInput(m.id, r.id, { outputText: `${tag} output` }))));
    const cells = await store.listCells(run.id);
    return { prompt, dataset, datasetRows, run, cells };
  } finally {
    csv.cleanup();
  }
}
