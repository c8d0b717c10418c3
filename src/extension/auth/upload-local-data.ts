import * as vscode from 'vscode';
import { copyStore } from '../../core/sync/copy-store';
import type { Store } from '../../core/ports/store';
import type { Log } from '../log';
import type { SignedInAccount } from './auth-service';
import { messageText } from '../untrusted-text';

const OFFERED_KEY = 'refinery.supabase.uploadOffered';

/** Uploads the local store's prompts, datasets and runs into Supabase, with progress and cancel. Idempotent. */
export async function uploadLocalData(from: Store, to: Store, log: Log): Promise<void> {
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Uploading local data to Supabase', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort(new vscode.CancellationError()));
      try {
        return await copyStore(from, to, (message) => progress.report({ message: messageText(message) }), abort.signal);
      } finally {
        cancel.dispose();
      }
    },
  );
  const summary = `${report.prompts} prompts, ${report.datasetsCopied} datasets (${report.datasetsFound} already there), ${report.runsCopied} runs (${report.runsFound} already there), ${report.cells} cells`;
  log.info(`upload to Supabase: ${summary}`);
  void vscode.window.showInformationMessage(messageText`Refinery: uploaded ${summary}.`);
}

/** Asks once per account whether to upload the local data (the command can do it any time). */
export async function offerUploadOnce(
  context: vscode.ExtensionContext,
  account: SignedInAccount,
  upload: () => Promise<void>,
): Promise<void> {
  const offered = new Set(context.globalState.get<string[]>(OFFERED_KEY) ?? []);
  if (offered.has(account.userId)) return;
  const choice = await vscode.window.showInformationMessage(
    'Upload your local prompts, datasets and runs to Supabase?',
    { modal: true, detail: 'They stay in the local store too. Running this again never makes duplicates ("Refinery: Upload Local Data to Supabase").' },
    'Upload',
    'Not Now',
  );
  await context.globalState.update(OFFERED_KEY, [...offered, account.userId]);
  if (choice === 'Upload') await upload();
}
