import type { ExtensionServices } from '../services';

/** Set API Key… and the SecretStorage-backed key lookup. */
export function registerKeyFeatures(_services: ExtensionServices): void {}
