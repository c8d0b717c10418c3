import * as vscode from 'vscode';
import { accountStatusText, type AccountStatusState } from './account-status-text';

/** Status bar item: the account or "local", and the sync state. */
export class AccountStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('refinery.account', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Refinery Account';
  }

  update(state: AccountStatusState): void {
    const { text, tooltip, command } = accountStatusText(state);
    // untrusted-text-ok: accountStatusText escapes the account's e-mail (labelText)
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
