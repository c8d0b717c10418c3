import * as vscode from 'vscode';
import { openAICompatibleEndpointSchema, type OpenAICompatibleEndpoint } from '../core/providers';

/**
 * The one typed reader of the `refinery.*` settings. (Minimal version from the language
 * branch: endpoints and base URLs only.)
 */
function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('refinery');
}

/** The declared OpenAI-compatible endpoints; an entry that does not validate is left out. */
export function getEndpoints(): OpenAICompatibleEndpoint[] {
  const value: unknown = section().get('endpoints', []);
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    const parsed = openAICompatibleEndpointSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Base URL overrides for the built-in providers; empty means the SDK default (or `GROQ_BASE_URL` / `CEREBRAS_BASE_URL`). */
export function getBaseUrls(): { groq?: string; cerebras?: string } {
  const read = (key: string): string | undefined => {
    const value: unknown = section().get(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const groq = read('providers.groq.baseUrl');
  const cerebras = read('providers.cerebras.baseUrl');
  return { ...(groq !== undefined && { groq }), ...(cerebras !== undefined && { cerebras }) };
}
