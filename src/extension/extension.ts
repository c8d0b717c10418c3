import * as vscode from 'vscode';

/**
 * Minimal activation for the core milestone: the command is registered so the manifest is
 * honest; the results panel, CodeLens and diagnostics arrive with the extension issue.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Prompt Refinery', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('refinery.runPrompt', async () => {
      log.info('Run Prompt invoked');
      await vscode.window.showInformationMessage(
        'Prompt Refinery: run prompts from the CLI for now (`npx refinery run file.prompt`).',
      );
    }),
  );
}

export function deactivate(): void {}
