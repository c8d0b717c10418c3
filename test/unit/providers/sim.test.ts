import { describe, expect, it } from 'vitest';
import { createSimProvider } from '../../../src/core/providers/sim';
import { parseVerdict } from '../../../src/core/grading';
import { providerFailure, request } from './fixtures';

describe('sim provider', () => {
  it('answers deterministically from the last user message, marked simulated', async () => {
    const provider = createSimProvider();
    const messages = [
      { role: 'system' as const, content: 'Be k' },
      { role: 'user' as const, content: 'first' },
      { role: 'assistant' as const, content: 'ok' },
      { role: 'user' as const, content: 'hello world!' },
    ];

    const first = await provider.complete(request({ model: 'echo', messages }));
    const second = await provider.complete(request({ model: 'echo', messages }));

    expect(first.text).toBe('echo: hello world!');
    expect(second.text).toBe(first.text);
    expect(first.simulated).toBe(true);
    expect(first.finishReason).toBe('stop');
    // 4 + 5 + 2 + 12 = 23 characters → 6 tokens; the 18-character answer → 5.
    expect(first.usage).toEqual({ inputTokens: 6, outputTokens: 5, cachedInputTokens: 0 });
  });

  it('sim/judge answers a parseable, deterministic verdict that says it is simulated', async () => {
    const provider = createSimProvider();
    const verdicts = [];
    for (let i = 0; i < 40; i++) {
      const messages = [{ role: 'user' as const, content: `Correct label: bug\nModel answer: answer ${i}` }];
      const answer = await provider.complete(request({ model: 'judge', messages, maxOutputTokens: 200 }));
      const again = await provider.complete(request({ model: 'judge', messages, maxOutputTokens: 200 }));
      expect(again.text).toBe(answer.text);
      expect(answer.simulated).toBe(true);
      verdicts.push(parseVerdict(answer.text));
    }
    expect(verdicts.every((v) => v.state === 'graded' && v.reason.includes('simulated'))).toBe(true);
    const passes = verdicts.filter((v) => v.state === 'graded' && v.pass).length;
    expect(passes).toBeGreaterThan(0);
    expect(passes).toBeLessThan(40);
  });

  it('cuts the answer at the output cap', async () => {
    const result = await createSimProvider().complete(request({ model: 'any-name', maxOutputTokens: 2 }));
    expect(result.text).toBe('echo: he');
    expect(result.finishReason).toBe('length');
  });

  it('waits the configured latency', async () => {
    const started = performance.now();
    const result = await createSimProvider({ latencyMs: 60 }).complete(request({ model: 'echo' }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(result.text).toBe('echo: hello world!');
  });

  it('times out when its latency exceeds timeoutMs', async () => {
    const error = await providerFailure(createSimProvider({ latencyMs: 5000 }).complete(request({ model: 'echo', timeoutMs: 50 })));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('is cancelled by the caller signal, before or during the wait', async () => {
    const before = new AbortController();
    before.abort();
    expect((await providerFailure(createSimProvider().complete(request({ signal: before.signal })))).kind).toBe('cancelled');

    const during = new AbortController();
    setTimeout(() => during.abort(), 20);
    const error = await providerFailure(createSimProvider({ latencyMs: 5000 }).complete(request({ signal: during.signal })));
    expect(error.kind).toBe('cancelled');
    expect(error.retryable).toBe(false);
  });
});
