/**
 * What the sync engine needs from its surroundings, as small interfaces: the engine itself
 * has no `vscode` import, so unit tests drive it in node with a fake file system and a real
 * store. The `vscode` adapters live beside it (`vscode-*.ts`).
 */

/** The workspace's `.prompt` files, by sync path (workspace-relative, `/`-separated). */
export interface PromptFiles {
  /** Every `.prompt` file of the workspace. */
  list(): Promise<string[]>;
  /** undefined when there is no such file */
  read(path: string): Promise<string | undefined>;
  write(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
}

/** The part of `vscode.Memento` the engine uses (workspaceState satisfies it). */
export interface KeyValueMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

export type SyncTrigger = 'save' | 'sign-in' | 'focus' | 'command' | 'retry';

export interface ConflictQuestion {
  path: string;
  localText: string;
  remoteText: string;
  remoteUpdatedAt: string;
  firstSync: boolean;
  trigger: SyncTrigger;
}

export type ConflictChoice = 'mine' | 'theirs' | 'both';

export interface LocalDeletionQuestion {
  path: string;
  /** the row changed since the last sync too */
  remoteChanged: boolean;
  trigger: SyncTrigger;
}

export interface RemoteDeletionQuestion {
  path: string;
  /** the file changed since the last sync too */
  localChanged: boolean;
  trigger: SyncTrigger;
}

/** The user's answers. `undefined` means "not now": nothing changes, and the question comes back next sync. */
export interface SyncPrompter {
  resolveConflict(question: ConflictQuestion): Promise<ConflictChoice | undefined>;
  /** The file is gone: delete the row too, or restore the file from the row? */
  confirmLocalDeletion(question: LocalDeletionQuestion): Promise<'delete-remote' | 'restore' | undefined>;
  /** The row is gone: delete the file too, or upload it again? */
  confirmRemoteDeletion(question: RemoteDeletionQuestion): Promise<'delete-local' | 'upload' | undefined>;
}

export interface SyncLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Timers, injectable so tests control the retry backoff. */
export interface RetryTimer {
  set(callback: () => void, ms: number): { dispose(): void };
}

export const realTimer: RetryTimer = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
  },
};
