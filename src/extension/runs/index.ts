import type { ExtensionServices } from '../services';

export interface RunFeatures {
  activeRunIds(): string[];
  whenIdle(): Promise<void>;
}

/** Run commands, progress, the Runs view and the results panel. */
export function registerRunFeatures(_services: ExtensionServices): RunFeatures {
  return { activeRunIds: () => [], whenIdle: () => Promise.resolve() };
}
