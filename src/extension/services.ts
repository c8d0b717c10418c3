import type * as vscode from 'vscode';
import type { Store } from '../store/types';
import type { Log } from './log';

/**
 * What every feature module gets from `activate`. The store opens lazily, once, on first use
 * (activation stays fast) and is closed on deactivate.
 */
export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  getStore(): Promise<Store>;
}
