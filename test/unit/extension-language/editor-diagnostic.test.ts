import { describe, expect, it } from 'vitest';
import { lintPrompt } from '../../../src/core/prompt';
import { toEditorDiagnostic } from '../../../src/extension/language/editor-diagnostic';

describe('toEditorDiagnostic', () => {
  it('turns the core 1-based, end-exclusive span into a 0-based editor range', () => {
    const source = '---\nmodel: groq/llama-3.1-8b-instant\n---\n{{role "user"}}Be {{shout tone}}.';
    const [diagnostic] = lintPrompt(source, 'p.prompt');
    expect(diagnostic).toMatchObject({ code: 'prompt.unknown-helper', line: 4, column: 21 });
    const editor = toEditorDiagnostic(diagnostic!);
    expect(editor.range).toEqual({ startLine: 3, startCharacter: 20, endLine: 3, endCharacter: 25 });
    expect(source.split('\n')[3]?.slice(editor.range.startCharacter, editor.range.endCharacter)).toBe('shout');
    expect(editor).toMatchObject({ severity: 'error', code: 'prompt.unknown-helper' });
    expect(editor.message).toMatch(/^unknown helper 'shout'.*\nfix: /s);
  });

  it('never yields an empty range, so the squiggle shows', () => {
    const editor = toEditorDiagnostic({ severity: 'warning', message: 'm', code: 'c', line: 2, column: 5, endLine: 2, endColumn: 5 });
    expect(editor.range).toEqual({ startLine: 1, startCharacter: 4, endLine: 1, endCharacter: 5 });
  });

  it('keeps multi-line ranges', () => {
    const editor = toEditorDiagnostic({ severity: 'info', message: 'm', code: 'c', line: 2, column: 3, endLine: 4, endColumn: 1 });
    expect(editor.range).toEqual({ startLine: 1, startCharacter: 2, endLine: 3, endCharacter: 0 });
    expect(editor.severity).toBe('info');
  });

  it('points a YAML error at its line and column', () => {
    const source = '---\nmodel: groq/llama-3.1-8b-instant\nrefinery.models: [groq/a, groq/b\n---\nHi';
    const yaml = lintPrompt(source, 'p.prompt').find((d) => d.code === 'prompt.yaml');
    expect(yaml).toBeDefined();
    const editor = toEditorDiagnostic(yaml!);
    expect(editor.range.startLine).toBe(2);
    expect(source.split('\n')[2]?.[editor.range.startCharacter]).toBe('[');
  });
});
