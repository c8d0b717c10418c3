import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { partialName } from './template-analysis';

/**
 * dotprompt registers partials on the one Handlebars instance every `Dotprompt` shares, and reads
 * them when a template renders: two prompts with a `header` partial each would render each
 * other's. So each partial is registered under a name made from its content, and the templates
 * are rewritten to call those names. Same text, same name: registering it again is harmless.
 */
export function contentAddressedPartials(template: string, partials: Readonly<Record<string, string>>): { template: string; registered: Map<string, string> } {
  const registered = new Map<string, string>();
  const idOf = new Map<string, string>();
  const visiting = new Set<string>();

  const idFor = (name: string): string => {
    const known = idOf.get(name);
    if (known !== undefined) return known;
    const text = partials[name];
    if (text === undefined || !Object.hasOwn(partials, name)) throw new Error(`the partial '${name}' could not be found`);
    if (visiting.has(name)) throw new Error(`partials include each other in a loop (through '${name}')`);
    visiting.add(name);
    const rewritten = renamePartialCalls(text, idFor);
    visiting.delete(name);
    const id = `refinery_partial_${createHash('sha256').update(rewritten).digest('hex').slice(0, 24)}`;
    idOf.set(name, id);
    registered.set(id, rewritten);
    return id;
  };

  return { template: renamePartialCalls(template, idFor), registered };
}

/** The template with the name of each `{{> name}}` replaced by `rename(name)`; nothing else changes. */
export function renamePartialCalls(template: string, rename: (name: string) => string): string {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const lineStarts = [0];
  for (let i = 0; i < template.length; i++) if (template[i] === '\n') lineStarts.push(i + 1);
  const offset = (position: hbs.AST.Position): number => (lineStarts[position.line - 1] ?? 0) + position.column;

  class PartialCalls extends Handlebars.Visitor {
    override PartialStatement(partial: hbs.AST.PartialStatement): void {
      const name = partialName(partial);
      if (name !== undefined) edits.push({ start: offset(partial.name.loc.start), end: offset(partial.name.loc.end), text: rename(name) });
    }
  }
  new PartialCalls().accept(Handlebars.parse(template));
  let out = template;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
