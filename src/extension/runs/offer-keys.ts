import * as vscode from 'vscode';
import { keyTargets, SET_API_KEY_COMMAND } from '../keys/key-targets';
import { messageText } from '../untrusted-text';
import { offlineAlternative, type RunNeedsKeys } from './run-needs-keys';
import { missingKeysText } from './missing-keys-text';

export const SET_KEYS = (count: number): string => (count === 1 ? 'Set API Key…' : 'Set API Keys…');
export const USE_OFFLINE = 'Use Offline Models';

export interface KeyOfferActions {
  /** Runs the same thing again, once every key is set. */
  retry(): Promise<unknown>;
  /** Runs it on the offline models instead (absent when the models cannot change, e.g. a re-run). */
  offline?(alternative: ReturnType<typeof offlineAlternative>): Promise<unknown>;
}

/**
 * The error a run without keys ends with, its actions as buttons: Set API Key… asks for each
 * missing key in turn (SecretStorage) and runs again; Use Offline Models runs on `sim/echo`,
 * judged by `sim/judge` where a judge had no key. Resolves once the user chose (or dismissed).
 */
export async function offerKeys(needs: RunNeedsKeys, promptName: string, actions: KeyOfferActions): Promise<void> {
  const { getEndpoints } = await import('../settings');
  const targets = keyTargets(getEndpoints());
  const label = (providerId: string) => targets.find((t) => t.providerId === providerId)?.label ?? providerId;
  const setKeys = SET_KEYS(needs.missing.length);
  const buttons = actions.offline ? [setKeys, USE_OFFLINE] : [setKeys];
  const choice = await vscode.window.showErrorMessage(messageText(missingKeysText(promptName, needs.missing, label, actions.offline !== undefined)), ...buttons);
  if (choice === setKeys) {
    for (const { providerId } of needs.missing) {
      const stored = await vscode.commands.executeCommand<string | undefined>(SET_API_KEY_COMMAND, providerId);
      if (stored !== providerId) return; // dismissed: nothing runs
    }
    await actions.retry();
  } else if (choice === USE_OFFLINE && actions.offline) {
    await actions.offline(offlineAlternative(needs));
  }
}
