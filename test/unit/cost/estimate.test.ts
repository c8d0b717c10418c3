import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE, encodingForModel, estimateCallsCost, findPrice, loadTokenCounter, mergePriceTables } from '../../../src/core/cost';
import { estimatePreparedRun, prepareRun } from '../../../src/core/run';

describe('token counting', () => {
  it('counts text with the BPE vocabulary', async () => {
    const cl100k = await loadTokenCounter('cl100k_base');
    expect(cl100k.countText('')).toBe(0);
    // "hello" | " world", and "You" | " are" | " terse" | "."
    expect(cl100k.countText('hello world')).toBe(2);
    expect(cl100k.countText('You are terse.')).toBe(4);
  });

  it('adds 4 tokens per chat message and 3 to prime the reply', async () => {
    const counter = await loadTokenCounter('cl100k_base');
    const messages = [
      { role: 'system' as const, content: 'You are terse.' },
      { role: 'user' as const, content: 'hello world' },
    ];
    expect(counter.countMessages(messages)).toBe(4 + 4 + 4 + 2 + 3);
  });

  it('counts special-token text in a dataset as ordinary characters instead of refusing it', async () => {
    const counter = await loadTokenCounter('o200k_base');
    expect(counter.countText('a <|endoftext|> b')).toBeGreaterThan(3);
  });

  it('picks o200k_base for gpt-oss and cl100k_base for Llama and the rest', () => {
    expect(encodingForModel('groq/openai/gpt-oss-120b')).toBe('o200k_base');
    expect(encodingForModel('cerebras/gpt-oss-120b')).toBe('o200k_base');
    expect(encodingForModel('groq/llama-3.1-8b-instant')).toBe('cl100k_base');
    expect(encodingForModel('cerebras/qwen-3-32b')).toBe('cl100k_base');
  });
});

describe('estimateCallsCost', () => {
  it('prices the counted input and budgeted output tokens', () => {
    const price = { inputPerMillion: 0.05, outputPerMillion: 0.08 };
    // 200 input tokens × 0.05 / 1e6 = 0.00001; 100 output tokens × 0.08 / 1e6 = 0.000008
    expect(estimateCallsCost(price, { inputTokens: 200, outputTokens: 100 })).toEqual({
      inputUsd: 0.00001,
      cachedInputUsd: 0,
      outputUsd: 0.000008,
      totalUsd: 0.000018,
    });
  });

  it('returns null when the model has no price', () => {
    expect(estimateCallsCost(undefined, { inputTokens: 5, outputTokens: 10 })).toBeNull();
  });
});

describe('estimatePreparedRun', () => {
  it('counts every rendered row per model and every grader call per cell, by hand', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'refinery-estimate-'));
    writeFileSync(path.join(dir, 'rows.csv'), 'q\nhello world\nYou are terse.\n');
    writeFileSync(
      path.join(dir, 'judge.prompt'),
      '---\nrefinery.kind: grader\nmodel: groq/openai/gpt-oss-20b\nconfig:\n  maxOutputTokens: 50\n---\n{{role "user"}}{{q}}\n',
    );
    writeFileSync(
      path.join(dir, 'ask.prompt'),
      '---\nrefinery.models: [groq/llama-3.1-8b-instant, groq/not-a-priced-model]\nrefinery.dataset: rows.csv\nrefinery.graders: [judge.prompt]\nconfig:\n  maxOutputTokens: 100\n---\n{{role "user"}}{{q}}\n',
    );
    const prepared = await prepareRun({ promptPath: 'ask.prompt', cwd: dir });
    // A retired model as a fixture, with the price it had: a Llama id is counted with cl100k_base.
    const prices = mergePriceTables(DEFAULT_PRICE_TABLE, { 'groq/llama-3.1-8b-instant': { inputPerMillion: 0.05, outputPerMillion: 0.08 } });
    const estimate = await estimatePreparedRun(prepared, prices);

    // one user message per row: (4 + 2 + 3) + (4 + 4 + 3) = 20 input tokens; 2 × 100 output
    const llama = estimate.models.find((m) => m.modelId === 'groq/llama-3.1-8b-instant');
    expect(llama).toMatchObject({ calls: 2, inputTokens: 20, outputTokens: 200, encoding: 'cl100k_base' });
    // 20 × $0.05/M + 200 × $0.08/M = $0.000001 + $0.000016
    expect(llama?.costUsd).toBeCloseTo(0.000017, 9);
    expect(estimate.unpriced).toEqual(['groq/not-a-priced-model']);

    // the grader renders the same text (o200k counts it the same here) and reads up to 100
    // output tokens of the graded cell: (20 + 2 × 100) per model, 2 models → 4 calls
    expect(estimate.graders).toEqual([
      expect.objectContaining({ grader: 'judge.prompt', modelId: 'groq/openai/gpt-oss-20b', calls: 4, inputTokens: 440, outputTokens: 200, encoding: 'o200k_base' }),
    ]);
    const judgePrice = findPrice(DEFAULT_PRICE_TABLE, 'groq/openai/gpt-oss-20b');
    expect(judgePrice).toBeDefined();
    const judgeUsd = (440 * (judgePrice?.inputPerMillion ?? 0) + 200 * (judgePrice?.outputPerMillion ?? 0)) / 1e6;
    expect(estimate.graders[0]?.costUsd).toBeCloseTo(judgeUsd, 9);
    expect(estimate.totalUsd).toBeCloseTo(0.000017 + judgeUsd, 6);
  });
});
