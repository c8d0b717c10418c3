import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import type { PairwiseComparisonInput, RunRecord } from '../../../src/core/model';

// The pairwise judgment is stored with its run pair in the real local store (PGlite, the same
// migrations as Supabase) and goes with either run.
let root: string;
let store: LocalStore;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-pairwise-store-'));
  store = await openLocalStore({ dataDir: path.join(root, 'home'), seed: false });
});

afterAll(async () => {
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const newRun = (): Promise<RunRecord> =>
  store.createRun({ promptId: null, datasetId: null, promptText: 'p', graderTexts: {}, config: {}, models: [{ provider: 'sim', model: 'echo', displayLabel: 'sim/echo', params: {} }] });

describe('pairwise judgments in the local store', () => {
  it('saves one with its run pair and lists it from either side, newest first', async () => {
    const [a, b, other] = [await newRun(), await newRun(), await newRun()];
    const input: PairwiseComparisonInput = {
      runId: a.id,
      baselineRunId: b.id,
      label: `run ${a.id} vs baseline ${b.id}`,
      graderPath: 'graders/preference.prompt',
      graderText: '---\nrefinery.kind: pairwise\n---\n{{output_a}} {{output_b}}',
      judge: 'groq/openai/gpt-oss-120b',
      summary: { winsA: 3, winsB: 1, ties: 2, positionBiasRate: 0.25, pValue: 0.625 },
      pairs: [{ model: 'sim/echo', row_index: 0, outcome: 'A' }],
      costUsd: 0.00042,
    };
    const saved = await store.savePairwiseComparison(input);
    expect(saved).toMatchObject(input);
    const later = await store.savePairwiseComparison({ ...input, label: 'again' });
    expect((await store.listPairwiseComparisons(a.id)).map((p) => p.id)).toEqual([later.id, saved.id]);
    expect((await store.listPairwiseComparisons(b.id)).map((p) => p.id)).toEqual([later.id, saved.id]);
    expect(await store.listPairwiseComparisons(other.id)).toEqual([]);
    expect(await store.listPairwiseComparisons('not-a-uuid')).toEqual([]);
  });

  it('keeps an unknown judge price as unknown, not $0', async () => {
    const [a, b] = [await newRun(), await newRun()];
    const saved = await store.savePairwiseComparison({ runId: a.id, baselineRunId: b.id, label: 'unpriced', graderPath: 'p.prompt', graderText: 't', judge: 'ollama/x', summary: {}, pairs: [], costUsd: null });
    expect(saved.costUsd).toBeNull();
    expect((await store.listPairwiseComparisons(a.id))[0]?.costUsd).toBeNull();
  });
});
