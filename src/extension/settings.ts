import * as vscode from 'vscode';
import type { OpenAICompatibleEndpoint } from '../core/providers';
import { parseSettings, type ParsedSettings, type SettingName } from './settings-schema';

export type { ParsedSettings, RefinerySettings } from './settings-schema';

/**
 * The one reader of the `refinery.*` settings (every feature reads them through here).
 * `scope`: the resource whose folder settings apply (a `.prompt` file), if any.
 */
export function getSettings(scope?: vscode.Uri): ParsedSettings {
  const config = vscode.workspace.getConfiguration('refinery', scope);
  return parseSettings((name: SettingName) => config.get(name));
}

/** Fires when any `refinery.*` setting changes. */
export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('refinery')) listener();
  });
}

// (merge of wip-ext and wip-lang in the test branch: the language branch's readers, over getSettings)
/** The declared OpenAI-compatible endpoints. */
export function getEndpoints(): OpenAICompatibleEndpoint[] {
  return getSettings().settings.endpoints;
}

/** Base URL overrides for the built-in providers. */
export function getBaseUrls(): { groq?: string; cerebras?: string } {
  return getSettings().settings.baseUrls;
}
