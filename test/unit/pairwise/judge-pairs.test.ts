import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE, type PriceTable } from '../../../src/core/cost';
import { createScheduler } from '../../../src/core/executor';
import { estimatePairwise, formatPairwise, judgePairs, preparePairwiseJudge, summarizePairwise, type PairToJudge } from '../../../src/core/pairwise';
import { createProviderRegistry, type ProviderRegistry } from '../../../src/core/providers';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';
import type { FakeChatBody } from '../../fake-server/wire-format';

// Pairwise judging through the real scheduler, the real Groq SDK and the fake server, whose judge
// is scripted per test: every pair is judged in both orders, and a judge that only looks at the
// position is caught.

const JUDGE_MODEL = 'openai/gpt-oss-120b';
const JUDGE = `---\nmodel: groq/${JUDGE_MODEL}\nrefinery.kind: pairwise\nconfig: { maxOutputTokens: 64 }\n---\n{{role "system"}}You compare two answers.\n{{role "user"}}Ticket: {{ticket}}\nExpected: {{expected}}\nOutput A: {{output_a}}\nOutput B: {{output_b}}\nWhich is better? Answer {"winner": "A" | "B" | "tie"}.\n`;

let dir: string;
let server: FakeServer;
let registry: ProviderRegistry;
let answer: (outputA: string, outputB: string) => string = () => '{"winner": "A"}';

/** The two outputs as this call shows them. */
function shown(body: FakeChatBody): { a: string; b: string } {
  const user = String(body.messages.at(-1)?.content ?? '');
  return { a: /Output A: (.*)/.exec(user)?.[1] ?? '', b: /Output B: (.*)/.exec(user)?.[1] ?? '' };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-pairwise-'));
  fs.writeFileSync(path.join(dir, 'preference.prompt'), JUDGE);
  server = await startFakeServer({
    respond: (body) => {
      const { a, b } = shown(body);
      return answer(a, b);
    },
  });
  registry = createProviderRegistry({ env: { GROQ_API_KEY: 'test-key', GROQ_BASE_URL: server.url } });
});

afterEach(() => server.reset());

afterAll(async () => {
  await registry.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Row i: A answered `good i` on even rows and `bad i` on odd ones; B the reverse. */
const PAIRS: PairToJudge[] = Array.from({ length: 6 }, (_, i) => ({
  modelId: 'groq/llama-3.1-8b-instant',
  rowIndex: i,
  row: { ticket: `t${i}`, expected: 'billing' },
  outputA: i % 2 === 0 ? `good ${i}` : `bad ${i}`,
  outputB: i % 2 === 0 ? `bad ${i}` : `good ${i}`,
}));

async function judge(pairs = PAIRS, prices: PriceTable = DEFAULT_PRICE_TABLE) {
  const grader = await preparePairwiseJudge({ file: 'preference.prompt', cwd: dir, columns: ['ticket', 'expected'] });
  const scheduler = createScheduler({ resolve: (id) => registry.resolve(id), concurrency: 4, timeoutMs: 5000, maxAttempts: 1 });
  return judgePairs(pairs, grader, { scheduler, prices });
}

describe('pairwise judging in both orders', () => {
  it('makes exactly 2 judge calls per pair, one with each output first', async () => {
    const seen: Array<{ a: string; b: string }> = [];
    answer = (a, b) => {
      seen.push({ a, b });
      return '{"winner": "tie"}';
    };
    await judge();
    expect(server.stats.totalRequests).toBe(2 * PAIRS.length);
    for (const pair of PAIRS) {
      const calls = seen.filter((s) => s.a === pair.outputA || s.b === pair.outputA);
      expect(calls).toEqual(expect.arrayContaining([{ a: pair.outputA, b: pair.outputB }, { a: pair.outputB, b: pair.outputA }]));
      expect(calls).toHaveLength(2);
    }
  });

  it('a judge that always picks the first position: 100% position bias, and every pair a tie', async () => {
    answer = () => '{"winner": "A", "reason": "the first one"}';
    const judgments = await judge();
    expect(judgments.map((j) => [j.aFirst.choice, j.bFirst.choice, j.outcome, j.followedPosition])).toEqual(PAIRS.map(() => ['A', 'B', 'tie', true]));
    const summary = summarizePairwise(judgments);
    expect(summary).toMatchObject({ pairs: 6, judged: 6, winsA: 0, winsB: 0, ties: 6, positionFollowed: 6, positionBiasRate: 1, winRate: null, pValue: 1 });
    // the judge's usage is costed at its price
    expect(summary.costUsd).toBeGreaterThan(0);
    expect(summary.costKnown).toBe(true);
  });

  it('a judge without a price: its cost is unknown, never $0', async () => {
    answer = () => '{"winner": "tie"}';
    const judgments = await judge(PAIRS.slice(0, 2), {});
    expect(judgments.map((j) => [j.aFirst.costUsd, j.bFirst.costUsd, j.costUsd])).toEqual([[null, null, null], [null, null, null]]);
    const summary = summarizePairwise(judgments);
    expect(summary).toMatchObject({ costUsd: 0, costKnown: false });
    expect(formatPairwise(summary, { grader: 'preference.prompt', judge: `groq/${JUDGE_MODEL}`, sides: 'A = this run, B = the baseline', alpha: 0.05 })).toContain('2 pairs, 4 judge calls, cost price unknown');
  });

  it('a judge that reads the content: no position bias, wins follow the better output in both orders', async () => {
    answer = (a, b) => (a.startsWith('good') ? '<response>winner: A</response>' : b.startsWith('good') ? '<response>B</response>' : '{"winner": "tie"}');
    const summary = summarizePairwise(await judge());
    // A is better on rows 0, 2, 4; B on 1, 3, 5: 3 wins each, sign test p = 1; Wilson 3/6 lower 0.18761630648 (scipy)
    expect(summary).toMatchObject({ winsA: 3, winsB: 3, ties: 0, positionFollowed: 0, positionBiasRate: 0, winRate: 0.5, pValue: 1 });
    expect(summary.winRateInterval?.lower).toBeCloseTo(0.18761630648265054, 10);
  });

  it('an unreadable answer in either order leaves the pair ungraded, not a tie', async () => {
    answer = (a) => (a === 'good 0' ? 'I cannot decide.' : '{"winner": "tie"}');
    const judgments = await judge(PAIRS.slice(0, 2));
    expect(judgments.map((j) => j.outcome)).toEqual(['ungraded', 'tie']);
    expect(judgments[0]?.aFirst.reason).toContain('naming a winner');
    expect(summarizePairwise(judgments)).toMatchObject({ judged: 1, ungraded: 1 });
  });

  it('estimates 2 calls per pair at the judge\'s price, before any call', async () => {
    const grader = await preparePairwiseJudge({ file: 'preference.prompt', cwd: dir, columns: ['ticket', 'expected'] });
    const estimate = await estimatePairwise(PAIRS, grader, DEFAULT_PRICE_TABLE);
    expect(estimate).toMatchObject({ modelId: `groq/${JUDGE_MODEL}`, calls: 12, outputTokens: 12 * 64 });
    expect(estimate.inputTokens).toBeGreaterThan(12 * 20);
    expect(server.stats.totalRequests).toBe(0);
  });

  it('refuses a file that is not a pairwise judge, and a variable the pair does not provide', async () => {
    fs.writeFileSync(path.join(dir, 'grader.prompt'), '---\nmodel: groq/x\nrefinery.kind: grader\n---\n{{output}}\n');
    await expect(preparePairwiseJudge({ file: 'grader.prompt', cwd: dir, columns: [] })).rejects.toThrow('is not a pairwise judge');
    fs.writeFileSync(path.join(dir, 'odd.prompt'), '---\nmodel: groq/x\nrefinery.kind: pairwise\n---\n{{output_a}} {{output_c}}\n');
    await expect(preparePairwiseJudge({ file: 'odd.prompt', cwd: dir, columns: [] })).rejects.toThrow('uses output_c');
  });
});
