import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { analyzePrompt, type PromptAnalysis } from './analyze';
import { partialFileName, type PartialLookup } from './partial-analysis';
import { analyzeTemplate } from './template-analysis';

/** Reads a text file; undefined when there is none at that path. */
export type ReadText = (file: string) => Promise<string | undefined>;

/** Line endings as the prompt's (`\n`), a byte-order mark dropped: a partial renders the same on every OS. */
export function normalizePartialText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A name is a file name relative to the folders searched: no `..`, no absolute path, no backslash. */
function isSafePartialName(name: string): boolean {
  return name !== '' && !name.includes('\\') && !path.isAbsolute(name) && name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * Where `{{> name}}` is looked for, in order (Dotprompt's convention): `_name.prompt` in the
 * prompt's folder, then in each `refinery.partials` folder (relative to the prompt file). A name
 * with a slash is a path: `{{> common/header}}` is `common/_header.prompt`.
 */
export function partialCandidates(name: string, promptFile: string, partialFolders: readonly string[]): string[] {
  if (!isSafePartialName(name)) return [];
  const promptDir = path.dirname(promptFile);
  const folders = [promptDir, ...partialFolders.map((folder) => path.resolve(promptDir, folder))];
  return [...new Set(folders)].map((folder) => path.join(folder, partialFileName(name)));
}

/**
 * Finds and reads every partial a prompt reaches (its own `{{> name}}`, and theirs), then
 * analyzes the prompt with them: missing partials, loops and what the partials read are in the
 * result like any other finding. Never throws.
 */
export async function analyzeWithPartials(source: string, file: string, readText: ReadText = readTextIfExists): Promise<PromptAnalysis> {
  const first = analyzePrompt(source, file);
  if (first.partialCalls.length === 0) return analyzePrompt(source, file, { partials: { texts: {} } });
  const lookup = await findPartials(first.partialCalls.map((call) => call.name), file, first.prompt.refinery.partialFolders, readText);
  return analyzePrompt(source, file, { partials: lookup });
}

async function findPartials(names: string[], promptFile: string, folders: readonly string[], readText: ReadText): Promise<PartialLookup> {
  const texts: Record<string, string> = {};
  const searched: Record<string, string[]> = {};
  const queue = [...names];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (Object.hasOwn(texts, name) || Object.hasOwn(searched, name)) continue;
    const candidates = partialCandidates(name, promptFile, folders);
    let text: string | undefined;
    for (const candidate of candidates) {
      text = await readText(candidate);
      if (text !== undefined) break;
    }
    if (text === undefined) {
      searched[name] = candidates;
      continue;
    }
    const normalized = normalizePartialText(text);
    texts[name] = normalized;
    queue.push(...analyzeTemplate(normalized, 1).partials.map((call) => call.name));
  }
  return { texts, searched };
}
