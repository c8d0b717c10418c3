import type { Store } from '../core/ports/store';

/**
 * What `activate` returns: for extension-host tests (and other extensions), never for the
 * webview. Tests drive commands with arguments and check results through this.
 */
export interface RefineryApi {
  getStore(): Promise<Store>;
  /** Ids of the runs going on now in this window. */
  activeRunIds(): string[];
  /** Resolves when no run is going on in this window. */
  whenIdle(): Promise<void>;
  /** Prompt sync: saves it has seen, and a promise for the end of what it is doing. */
  sync: {
    savesSeen(): number;
    settled(): Promise<void>;
  };
}
