import type * as vscode from 'vscode';
import type { Store } from '../core/ports/store';
import type { Log } from './log';
import type { FeatureRegistrar } from './registrar';

/**
 * What every feature module gets from `activate`. The store opens lazily, once, on first use
 * (activation stays fast) and is closed on deactivate.
 */
export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  /** Registers commands and providers through the stubs `activate` put in place. */
  readonly registrar: FeatureRegistrar;
  getStore(): Promise<Store>;
  /** Called when the local store was written to, by this window or another process (once it is open). */
  onStoreChanged?(listener: () => void): { dispose(): void };
}
