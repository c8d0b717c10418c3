import type { ExtensionServices } from '../services';

/** Diagnostics, CodeLens and the editor side of `.prompt` files. */
export function registerLanguageFeatures(_services: ExtensionServices): void {}
