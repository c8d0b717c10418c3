import * as vscode from 'vscode';
import type { ConflictChoice, ConflictQuestion, LocalDeletionQuestion, RemoteDeletionQuestion, SyncPrompter, SyncTrigger } from './ports';
import type { RemoteContentProvider } from './remote-content-provider';
import type { WorkspacePromptFiles } from './vscode-prompt-files';
import { messageText } from '../untrusted-text';

/** Background syncs (focus, retry) never interrupt: their questions wait for the status bar click. */
const asksNow = (trigger: SyncTrigger) => trigger === 'command' || trigger === 'save' || trigger === 'sign-in';

/** Conflicts in a diff editor plus a modal choice; deletions as modal questions. */
export class VsCodeSyncPrompter implements SyncPrompter {
  constructor(
    private readonly files: WorkspacePromptFiles,
    private readonly remote: RemoteContentProvider,
  ) {}

  async resolveConflict(question: ConflictQuestion): Promise<ConflictChoice | undefined> {
    if (!asksNow(question.trigger)) return undefined;
    const remoteUri = this.remote.show(question.path, question.remoteText);
    await vscode.commands.executeCommand('vscode.diff', remoteUri, this.files.uriOf(question.path), `${question.path} (Supabase ↔ yours)`, { preview: true });
    const choice = await vscode.window.showWarningMessage(
      question.firstSync ? messageText`"${question.path}" differs from the one in Supabase.` : messageText`"${question.path}" changed both here and in Supabase.`,
      {
        modal: true,
        detail: messageText`Supabase's version is from ${new Date(question.remoteUpdatedAt).toLocaleString()}. "Keep Both" writes it beside yours as ${question.path.replace(/\.prompt$/, '.remote.prompt')}.`,
      },
      'Keep Mine',
      'Keep Theirs',
      'Keep Both',
    );
    if (choice === 'Keep Mine') return 'mine';
    if (choice === 'Keep Theirs') return 'theirs';
    if (choice === 'Keep Both') return 'both';
    return undefined;
  }

  async confirmLocalDeletion(question: LocalDeletionQuestion): Promise<'delete-remote' | 'restore' | undefined> {
    if (!asksNow(question.trigger)) return undefined;
    const choice = await vscode.window.showWarningMessage(
      messageText`"${question.path}" was deleted here. Delete it from Supabase too?`,
      { modal: true, detail: question.remoteChanged ? 'It was changed in Supabase since the last sync.' : 'Runs that used it keep their copy of the text.' },
      'Delete from Supabase',
      'Restore the File',
    );
    return choice === 'Delete from Supabase' ? 'delete-remote' : choice === 'Restore the File' ? 'restore' : undefined;
  }

  async confirmRemoteDeletion(question: RemoteDeletionQuestion): Promise<'delete-local' | 'upload' | undefined> {
    if (!asksNow(question.trigger)) return undefined;
    const choice = await vscode.window.showWarningMessage(
      messageText`"${question.path}" was deleted from Supabase. Delete the file here too?`,
      { modal: true, detail: question.localChanged ? 'You changed the file since the last sync.' : 'The file goes to the trash.' },
      'Delete the File',
      'Upload It Again',
    );
    return choice === 'Delete the File' ? 'delete-local' : choice === 'Upload It Again' ? 'upload' : undefined;
  }
}
