import type { RunEngine } from './run-engine';

/** The core, loaded on first use: activation never evaluates it. */
export function loadRunEngine(): Promise<RunEngine> {
  return import('./run-engine');
}
