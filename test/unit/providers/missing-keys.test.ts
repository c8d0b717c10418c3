import { describe, expect, it } from 'vitest';
import { findMissingKeys, missingKeysError, modelUses } from '../../../src/core/providers/missing-keys';
import { createProviderRegistry } from '../../../src/core/providers/registry';
import { UserError } from '../../../src/core/errors';

const graders = [{ ref: 'graders/correct_label.prompt', judge: 'groq/openai/gpt-oss-120b' }];

describe('findMissingKeys', () => {
  it('collects every provider without a key at once, the grader named with its judge', () => {
    const registry = createProviderRegistry({ env: {} });
    const missing = findMissingKeys(registry, modelUses(['groq/openai/gpt-oss-20b', 'cerebras/gpt-oss-120b', 'sim/echo'], graders));
    expect(missing).toEqual([
      {
        providerId: 'groq',
        keyName: 'GROQ_API_KEY',
        uses: [{ modelId: 'groq/openai/gpt-oss-20b' }, { modelId: 'groq/openai/gpt-oss-120b', grader: 'graders/correct_label.prompt' }],
      },
      { providerId: 'cerebras', keyName: 'CEREBRAS_API_KEY', uses: [{ modelId: 'cerebras/gpt-oss-120b' }] },
    ]);
  });

  it('finds only the judge when the picked model runs offline', () => {
    const missing = findMissingKeys(createProviderRegistry({ env: {} }), modelUses(['sim/echo'], graders));
    expect(missing.map((m) => [m.providerId, m.uses])).toEqual([['groq', [{ modelId: 'groq/openai/gpt-oss-120b', grader: 'graders/correct_label.prompt' }]]]);
  });

  it('finds nothing when the keys are there (environment or stored)', () => {
    const registry = createProviderRegistry({ env: { GROQ_API_KEY: 'gsk_x' }, keys: { cerebras: 'csk-y' } });
    expect(findMissingKeys(registry, modelUses(['groq/openai/gpt-oss-20b', 'cerebras/gpt-oss-120b'], graders))).toEqual([]);
  });

  it('throws any other problem as it is (an unknown provider)', () => {
    expect(() => findMissingKeys(createProviderRegistry({ env: {} }), [{ modelId: 'nope/model' }])).toThrow(/unknown provider "nope"/);
  });
});

describe('missingKeysError', () => {
  it('names every key and what needs it, with the offline way out', () => {
    const registry = createProviderRegistry({ env: {} });
    const error = missingKeysError(findMissingKeys(registry, modelUses(['groq/openai/gpt-oss-20b', 'cerebras/gpt-oss-120b'], graders)), { file: 'triage.prompt' });
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('provider.missing-key');
    expect(error.message).toBe(
      'GROQ_API_KEY is not set (needed for groq/openai/gpt-oss-20b and the grader graders/correct_label.prompt (its judge groq/openai/gpt-oss-120b)); CEREBRAS_API_KEY is not set (needed for cerebras/gpt-oss-120b)',
    );
    expect(error.fix).toBe('export GROQ_API_KEY=… and CEREBRAS_API_KEY=…, or try without keys: --model sim/echo --judge sim/judge');
    expect(error.location).toEqual({ file: 'triage.prompt' });
  });
});
