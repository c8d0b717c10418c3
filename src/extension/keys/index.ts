import { registerCommand } from '../commands';
import type { ExtensionServices } from '../services';
import { keyCommands } from './api-keys';
import { CLEAR_API_KEY_COMMAND, SET_API_KEY_COMMAND } from './key-targets';

export { getApiKeys, offerSetKey } from './api-keys';
export { secretName } from './key-targets';

/** Set API Key… and Remove API Key…, backed by SecretStorage only. */
export function registerKeyFeatures(services: ExtensionServices): void {
  registerCommand(services, SET_API_KEY_COMMAND, (providerId?: string) => keyCommands.setApiKey(services, providerId));
  registerCommand(services, CLEAR_API_KEY_COMMAND, (providerId?: string) => keyCommands.clearApiKey(services, providerId));
}
