/** The words of the "no API key" error (pure, unit-tested). */
import { listWords, type MissingKey, type ModelUse } from '../../core/providers/missing-keys';

function useText(use: ModelUse): string {
  return use.grader === undefined ? use.modelId : `the judge of the grader ${use.grader} (${use.modelId})`;
}

/**
 * `Refinery: triage needs API keys for Groq and Cerebras — Groq for groq/openai/gpt-oss-20b and the
 * judge of the grader graders/correct_label.prompt (groq/openai/gpt-oss-120b); Cerebras for
 * cerebras/gpt-oss-120b. Set them here (kept in VS Code's secret storage), or run on offline models.`
 * Not escaped: pass it through `messageText`.
 */
export function missingKeysText(promptName: string, missing: readonly MissingKey[], label: (providerId: string) => string, offline: boolean): string {
  const providers = listWords(missing.map((m) => label(m.providerId)));
  const needs = missing.length === 1 ? `an API key for ${providers}` : `API keys for ${providers}`;
  const what = missing.map((m) => `${label(m.providerId)} for ${listWords(m.uses.map(useText))}`).join('; ');
  const them = missing.length === 1 ? 'it' : 'them';
  return `Refinery: ${promptName} needs ${needs} — ${what}. Set ${them} here (kept in VS Code's secret storage)${offline ? ', or run on offline models' : ''}.`;
}
