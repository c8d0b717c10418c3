import { describe, expect, it } from 'vitest';
import type { MissingKey } from '../../../src/core/providers/missing-keys';
import { judgeItems } from '../../../src/extension/runs/judge-choices';
import { missingKeysText } from '../../../src/extension/runs/missing-keys-text';
import { offlineAlternative } from '../../../src/extension/runs/run-needs-keys';

const label = (providerId: string) => ({ groq: 'Groq', cerebras: 'Cerebras' })[providerId] ?? providerId;
const judgeUse = { modelId: 'groq/openai/gpt-oss-120b', grader: 'graders/correct_label.prompt' };
const both: MissingKey[] = [
  { providerId: 'groq', keyName: 'GROQ_API_KEY', uses: [{ modelId: 'groq/openai/gpt-oss-20b' }, judgeUse] },
  { providerId: 'cerebras', keyName: 'CEREBRAS_API_KEY', uses: [{ modelId: 'cerebras/gpt-oss-120b' }] },
];

describe('the "no API key" message', () => {
  it('names every provider at once, and the grader whose judge needs a key', () => {
    expect(missingKeysText('triage', both, label, true)).toBe(
      "Refinery: triage needs API keys for Groq and Cerebras — Groq for groq/openai/gpt-oss-20b and the judge of the grader graders/correct_label.prompt (groq/openai/gpt-oss-120b); Cerebras for cerebras/gpt-oss-120b. Set them here (kept in VS Code's secret storage), or run on offline models.",
    );
  });

  it('says when only the judge lacks a key (the user picked sim/echo)', () => {
    const onlyJudge: MissingKey[] = [{ providerId: 'groq', keyName: 'GROQ_API_KEY', uses: [judgeUse] }];
    expect(missingKeysText('triage', onlyJudge, label, false)).toBe(
      "Refinery: triage needs an API key for Groq — Groq for the judge of the grader graders/correct_label.prompt (groq/openai/gpt-oss-120b). Set it here (kept in VS Code's secret storage).",
    );
  });
});

describe('the offline alternative', () => {
  it('replaces what needs a missing key by sim/echo once, and the judge by sim/judge', () => {
    const uses = [{ modelId: 'groq/openai/gpt-oss-20b' }, { modelId: 'cerebras/gpt-oss-120b' }, { modelId: 'fake/local' }, judgeUse];
    expect(offlineAlternative({ missing: both, uses })).toEqual({ models: ['sim/echo', 'fake/local'], judge: 'sim/judge' });
  });

  it('keeps the judges when they have their keys', () => {
    const missing: MissingKey[] = [{ providerId: 'cerebras', keyName: 'CEREBRAS_API_KEY', uses: [{ modelId: 'cerebras/gpt-oss-120b' }] }];
    expect(offlineAlternative({ missing, uses: [{ modelId: 'cerebras/gpt-oss-120b' }, judgeUse] })).toEqual({ models: ['sim/echo'], judge: undefined });
  });
});

describe('judge choices', () => {
  const graders = [{ ref: 'graders/correct_label.prompt', judge: 'groq/openai/gpt-oss-120b' }];
  const judges = (items: ReturnType<typeof judgeItems>) => items.map((item) => item.judge);

  it('without a setting or memory: each grader’s own first, then sim/judge and the picked models', () => {
    const items = judgeItems({ graders, setting: undefined, remembered: undefined, models: ['sim/echo', 'sim/judge'] });
    expect(judges(items)).toEqual([null, 'sim/judge', 'sim/echo']);
    expect(items[0]?.description).toBe('graders/correct_label.prompt → groq/openai/gpt-oss-120b');
  });

  it('the refinery.judgeModel setting comes first, then what was picked before wins over it', () => {
    expect(judges(judgeItems({ graders, setting: 'cerebras/gpt-oss-120b', remembered: undefined, models: [] }))).toEqual(['cerebras/gpt-oss-120b', null, 'sim/judge']);
    expect(judges(judgeItems({ graders, setting: 'cerebras/gpt-oss-120b', remembered: 'sim/judge', models: [] }))).toEqual(['sim/judge', 'cerebras/gpt-oss-120b', null]);
    expect(judges(judgeItems({ graders, setting: 'cerebras/gpt-oss-120b', remembered: null, models: [] }))).toEqual([null, 'cerebras/gpt-oss-120b', 'sim/judge']);
  });

  it('shows a model id as text, never as an icon', () => {
    const items = judgeItems({ graders, setting: undefined, remembered: 'sim/$(zap)', models: [] });
    expect(items[0]?.label).toBe('sim/\\$(zap)');
  });
});
