import * as vscode from 'vscode';
import type { OpenAICompatibleEndpoint } from '../core/providers/endpoint-schema';
import { parseSettings, type ParsedSettings, type SettingName } from './settings-schema';

export type { ParsedSettings, RefinerySettings } from './settings-schema';

/**
 * The one reader of the `refinery.*` settings (every feature reads them through here).
 * `scope`: the resource whose folder settings apply (a `.prompt` file), if any.
 */
export function getSettings(scope?: vscode.Uri): ParsedSettings {
  const config = vscode.workspace.getConfiguration('refinery', scope);
  // The base URLs are two settings in the UI (`refinery.providers.<id>.baseUrl`), one object here.
  const read = (name: SettingName): unknown =>
    name === 'baseUrls'
      ? { groq: config.get('providers.groq.baseUrl'), cerebras: config.get('providers.cerebras.baseUrl') }
      : config.get(name);
  return parseSettings(read);
}

/** The declared OpenAI-compatible endpoints (invalid ones are left out and reported by `getSettings`). */
export function getEndpoints(): OpenAICompatibleEndpoint[] {
  return getSettings().settings.endpoints;
}

/** Fires when any `refinery.*` setting changes. */
export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('refinery')) listener();
  });
}
