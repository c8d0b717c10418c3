import * as vscode from 'vscode';
import { isUserError } from '../../core/errors';
import type { OpenAICompatibleEndpoint } from '../../core/providers/endpoint-schema';
import type { ExtensionServices } from '../services';
import { keyTargets, missingKeyProvider, secretName, SET_API_KEY_COMMAND, validateApiKey, type KeyTarget } from './key-targets';
import { labelText, messageText, promptText, shortened } from '../untrusted-text';

/** The settings (and their schema) load on first use, not at activation. */
async function configuredEndpoints(): Promise<OpenAICompatibleEndpoint[]> {
  return (await import('../settings')).getEndpoints();
}

/** Stored keys by provider id (`groq`, `cerebras`, endpoint ids): the `keys` of `createProviderRegistry`. */
export async function getApiKeys({ context }: Pick<ExtensionServices, 'context'>): Promise<Record<string, string>> {
  const entries = await Promise.all(
    keyTargets(await configuredEndpoints()).map(async ({ providerId }) => [providerId, await context.secrets.get(secretName(providerId))] as const),
  );
  return Object.fromEntries(entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

async function storedProviders(context: vscode.ExtensionContext, targets: readonly KeyTarget[]): Promise<Set<string>> {
  const stored = await Promise.all(targets.map(async (t) => ((await context.secrets.get(secretName(t.providerId))) ? [t.providerId] : [])));
  return new Set(stored.flat());
}

type TargetItem = vscode.QuickPickItem & { target?: KeyTarget; remove?: true };

async function pickTarget(context: vscode.ExtensionContext, title: string, only?: 'stored'): Promise<KeyTarget | 'remove' | undefined> {
  const targets = keyTargets(await configuredEndpoints());
  const stored = await storedProviders(context, targets);
  const items: TargetItem[] = targets
    .filter((target) => only !== 'stored' || stored.has(target.providerId))
    .map((target) => ({ label: labelText(target.label), description: stored.has(target.providerId) ? 'key stored' : 'no key stored', detail: labelText(target.detail), target }));
  if (only === 'stored' && items.length === 0) {
    void vscode.window.showInformationMessage('Refinery: no API key is stored.');
    return undefined;
  }
  if (only !== 'stored' && stored.size > 0) {
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(trash) Remove a stored key…', remove: true });
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Provider' });
  return picked?.remove ? 'remove' : picked?.target;
}

async function setApiKey(services: ExtensionServices, providerId?: string): Promise<string | undefined> {
  const { context, log } = services;
  const target =
    keyTargets(await configuredEndpoints()).find((t) => t.providerId === providerId) ?? (await pickTarget(context, 'Refinery: Set API Key'));
  if (target === 'remove') return clearApiKey(services);
  if (!target) return undefined;
  const key = await vscode.window.showInputBox({
    title: `Refinery: ${target.label} API key`,
    prompt: promptText`Stored in VS Code's secret storage (never in settings). ${target.detail}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const problem = validateApiKey(value, target);
      if (!problem) return undefined;
      return { message: promptText(problem.message), severity: problem.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning };
    },
  });
  if (key === undefined || validateApiKey(key, target)?.severity === 'error') return undefined;
  await context.secrets.store(secretName(target.providerId), key.trim());
  log.info(`API key for ${target.providerId} stored`);
  void vscode.window.showInformationMessage(messageText`Refinery: ${target.label} API key stored.`);
  return target.providerId;
}

async function clearApiKey({ context, log }: ExtensionServices, providerId?: string): Promise<string | undefined> {
  const picked = providerId ?? (await pickTarget(context, 'Refinery: Remove API Key', 'stored'));
  const id = typeof picked === 'string' ? picked : picked?.providerId;
  if (id === undefined || id === 'remove') return undefined;
  await context.secrets.delete(secretName(id));
  log.info(`API key for ${id} removed`);
  void vscode.window.showInformationMessage(messageText`Refinery: API key for ${id} removed.`);
  return id;
}

/**
 * For the runs side: when `error` is a missing key, shows it with a "Set API Key…" button and
 * returns true (the error is handled); otherwise returns false and shows nothing.
 */
export async function offerSetKey(error: unknown): Promise<boolean> {
  if (!isUserError(error) || error.code !== 'provider.missing-key') return false;
  const providerId = missingKeyProvider(error);
  const choice = await vscode.window.showErrorMessage(messageText`Refinery: ${shortened(error.message)}. Set the key here, or in the environment of VS Code.`, 'Set API Key…');
  if (choice) await vscode.commands.executeCommand(SET_API_KEY_COMMAND, providerId);
  return true;
}

export const keyCommands = { setApiKey, clearApiKey };
