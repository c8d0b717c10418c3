import { describe, expect, it } from 'vitest';
import { errorText, labelText, messageText, promptText, shortened } from '../../../src/extension/untrusted-text';

const HOSTILE = '<img src=x onerror=alert(1)>[notify](command:workbench.action.showCommands)';
const invisible = (text: string) => text.replaceAll('\u2060', '');

describe('messageText (notification messages)', () => {
  it('leaves no `](` for the link parser, and reads the same once the invisible joiners are dropped', () => {
    const shown = messageText(HOSTILE);
    expect(shown).not.toContain('](');
    expect(invisible(shown)).toBe(HOSTILE);
  });

  it('breaks every link, https and file ones too', () => {
    const shown = messageText('[a](https://x.test) [b](file:///etc/passwd) [c](command:x?%5B%5D)');
    expect(shown).not.toContain('](');
    expect(invisible(shown)).toBe('[a](https://x.test) [b](file:///etc/passwd) [c](command:x?%5B%5D)');
  });

  it('as a tag escapes only the values, and a link cannot be completed across a value and the text beside it', () => {
    const shown = messageText`Refinery: ${'[x]'}(command:evil) and ${'[y'}${'](command:evil)'}`;
    expect(shown).not.toContain('](');
    expect(invisible(shown)).toBe('Refinery: [x](command:evil) and [y](command:evil)');
    expect(messageText`Refinery: ${42} cells from ${'data.csv'}.`).toBe('Refinery: 42 cells from data.csv.');
  });

  it('changes nothing else: icons, markdown and HTML are not parsed in notifications', () => {
    const text = '$(zap) **bold** `code` ![img] <b>x</b> (note) [tag] end';
    expect(messageText(text)).toBe(text);
  });

  it('is idempotent', () => {
    expect(messageText(messageText(HOSTILE))).toBe(messageText(HOSTILE));
  });
});

describe('labelText (quick pick, status bar, CodeLens)', () => {
  it('escapes each $(icon) VS Code would render, modifiers included', () => {
    expect(labelText('sim/$(zap)')).toBe('sim/\\$(zap)');
    expect(labelText('$(sync~spin) $(account)')).toBe('\\$(sync~spin) \\$(account)');
  });

  it('leaves a `$(` that is no icon as it is (the backslash would show)', () => {
    expect(labelText('cost $(not an icon) $( x)')).toBe('cost $(not an icon) $( x)');
  });

  it('keeps a backslash the data had: `\\$(zap)` shows as written', () => {
    expect(labelText('a\\$(zap)')).toBe('a\\\\$(zap)');
  });

  it('as a tag keeps the icons of the literal parts', () => {
    expect(labelText`$(account) ${'me+$(zap)@example.com'} · $(check)`).toBe('$(account) me+\\$(zap)@example.com · $(check)');
  });

  it('leaves links alone (labels do not parse them)', () => {
    expect(labelText(HOSTILE)).toBe(HOSTILE);
  });
});

describe('promptText (input box prompts)', () => {
  it('escapes links and icons', () => {
    const shown = promptText('[a](https://x.test) $(zap)');
    expect(shown).not.toContain('](');
    expect(invisible(shown)).toBe('[a](https://x.test) \\$(zap)');
  });
});

describe('shortened / errorText', () => {
  it('makes one line and cuts long text with an ellipsis', () => {
    expect(shortened('a\n  b\tc ')).toBe('a b c');
    const cut = shortened('x'.repeat(1_000), 300);
    expect(cut).toHaveLength(300);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never cuts a surrogate pair in half', () => {
    const cut = shortened(`${'x'.repeat(298)}😀😀`, 300);
    expect(cut).toBe(`${'x'.repeat(298)}…`);
  });

  it("reads an error's message, or anything thrown", () => {
    expect(errorText(new Error(`provider said:\n${'y'.repeat(500)}`))).toHaveLength(300);
    expect(errorText('plain')).toBe('plain');
  });
});
