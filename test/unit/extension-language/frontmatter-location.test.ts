import { describe, expect, it } from 'vitest';
import { frontmatterLines, frontmatterTextSpan, frontmatterValueSpan } from '../../../src/extension/language/frontmatter-location';

const TRIAGE = [
  '---',
  'model: groq/llama-3.1-8b-instant',
  'refinery.dataset:   data/tickets.csv   # the eval set',
  'refinery.graders:',
  '  - graders/label.prompt',
  '---',
  '{{ticket}}',
].join('\n');

describe('frontmatterLines', () => {
  it('finds the opening and closing fences', () => {
    expect(frontmatterLines(TRIAGE)).toEqual({ open: 0, close: 5 });
    expect(frontmatterLines(TRIAGE.replace(/\n/g, '\r\n'))).toEqual({ open: 0, close: 5 });
    expect(frontmatterLines('\uFEFF---\n---\nHi')).toEqual({ open: 0, close: 1 });
  });

  it('is undefined without a closed frontmatter', () => {
    expect(frontmatterLines('Hello {{name}}')).toBeUndefined();
    expect(frontmatterLines('---\nmodel: groq/x')).toBeUndefined();
  });
});

describe('frontmatterValueSpan', () => {
  it('spans the value, without padding or comment', () => {
    const span = frontmatterValueSpan(TRIAGE, 'refinery.dataset');
    expect(span).toEqual({ line: 3, column: 21, endLine: 3, endColumn: 37 });
    expect(TRIAGE.split('\n')[2]?.slice(span!.column - 1, span!.endColumn - 1)).toBe('data/tickets.csv');
  });

  it('spans the key when the value is on the next lines', () => {
    expect(frontmatterValueSpan(TRIAGE, 'refinery.graders')).toEqual({ line: 4, column: 1, endLine: 4, endColumn: 17 });
  });

  it('does not match a key in the body, a longer key, or a nested key', () => {
    expect(frontmatterValueSpan(`${TRIAGE}\nrefinery.dataset: x`, 'refinery.judge')).toBeUndefined();
    expect(frontmatterValueSpan('---\nrefinery.datasets: x\n  refinery.dataset: y\n---\nHi', 'refinery.dataset')).toBeUndefined();
    expect(frontmatterValueSpan('Hi\nrefinery.dataset: x', 'refinery.dataset')).toBeUndefined();
  });
});

describe('frontmatterTextSpan', () => {
  it('finds an item at or after the key, inside the frontmatter only', () => {
    expect(frontmatterTextSpan(TRIAGE, 'refinery.graders', 'graders/label.prompt')).toEqual({ line: 5, column: 5, endLine: 5, endColumn: 25 });
    const inline = '---\nrefinery.graders: [a.prompt, b.prompt]\n---\nb.prompt';
    expect(frontmatterTextSpan(inline, 'refinery.graders', 'b.prompt')).toEqual({ line: 2, column: 30, endLine: 2, endColumn: 38 });
    expect(frontmatterTextSpan(inline, 'refinery.graders', 'c.prompt')).toBeUndefined();
    expect(frontmatterTextSpan(inline, 'refinery.judge', 'a.prompt')).toBeUndefined();
  });
});
