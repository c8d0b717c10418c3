import { isUserError } from '../../core/errors';
import { backoffDelay, type BackoffPolicy } from '../../core/executor/backoff';
import { contentHash } from '../../core/run';
import { buildSyncPlan, isSyncedPromptPath, promptTypeOf, remoteCopyPath, type RemotePromptState, type SyncStep } from '../../core/sync';
import { isRetryable } from '../../store/supabase/errors';
import type { PromptRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';
import { realTimer, type PromptFiles, type RetryTimer, type SyncLog, type SyncPrompter, type SyncTrigger } from './ports';
import type { QueuedOperation, SyncState } from './sync-state';

export interface SyncStatus {
  /** operations waiting for the store */
  pending: number;
  /** the last attempt to reach the store failed */
  offline: boolean;
  syncing: boolean;
  lastError: string | undefined;
}

export interface SyncReport {
  pushed: string[];
  pulled: string[];
  recorded: string[];
  keptBoth: string[];
  deletedFiles: string[];
  deletedRows: string[];
  /** questions the user left for later */
  unresolved: string[];
  /** waiting for the store (offline or a server error) */
  queued: string[];
}

export interface SyncEngineOptions {
  files: PromptFiles;
  getStore(): Promise<Store>;
  state: SyncState;
  prompter: SyncPrompter;
  log: SyncLog;
  timer?: RetryTimer;
  backoff?: BackoffPolicy;
  random?: () => number;
}

const RETRY_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };
const MIN_RETRY_MS = 500;

function emptyReport(): SyncReport {
  return { pushed: [], pulled: [], recorded: [], keptBoth: [], deletedFiles: [], deletedRows: [], unresolved: [], queued: [] };
}

/**
 * Worth retrying later: the store could not be reached or failed on its side. A `UserError`
 * that is not retryable (denied, invalid) is reported instead, since retrying cannot fix it.
 */
function isTransient(error: unknown): boolean {
  return isRetryable(error) || !isUserError(error);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Thrown inside a sync step when the store cannot be reached; the step is queued. */
class StoreUnreachable extends Error {}

/**
 * Workspace `.prompt` files ⇄ the store's `prompt` rows, by the three-way decision of
 * `core/sync`. One sync at a time (saves and focus events queue behind each other). A change
 * is never applied silently over the other side's change, and a deletion never propagates
 * without asking. When the store is unreachable the work is queued (persisted) and retried
 * with backoff; the file on disk keeps the data meanwhile.
 */
export class PromptSyncEngine {
  private chain: Promise<unknown> = Promise.resolve();
  private retries = 0;
  private retryHandle: { dispose(): void } | undefined;
  private offline = false;
  private syncing = false;
  private lastError: string | undefined;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private disposed = false;

  constructor(private readonly options: SyncEngineOptions) {}

  status(): SyncStatus {
    return { pending: this.options.state.queue().length, offline: this.offline, syncing: this.syncing, lastError: this.lastError };
  }

  onDidChangeStatus(listener: (status: SyncStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Every path known to the workspace, the store or the last sync. */
  syncAll(trigger: SyncTrigger): Promise<SyncReport> {
    return this.exclusive(() => this.sync(undefined, trigger));
  }

  /** Only these paths (a save). */
  syncPaths(paths: string[], trigger: SyncTrigger): Promise<SyncReport> {
    return this.exclusive(() => this.sync(paths, trigger));
  }

  /** Replays the queued operations now (the retry timer calls this too). */
  flushQueue(): Promise<SyncReport> {
    return this.exclusive(() => this.replayQueue());
  }

  dispose(): void {
    this.disposed = true;
    this.retryHandle?.dispose();
    this.listeners.clear();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(async () => {
      this.syncing = true;
      this.emit();
      try {
        return await work();
      } finally {
        this.syncing = false;
        this.emit();
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }

  private async sync(paths: string[] | undefined, trigger: SyncTrigger): Promise<SyncReport> {
    const report = emptyReport();
    const { files, state, log } = this.options;
    let store: Store;
    let rows: PromptRecord[];
    try {
      store = await this.options.getStore();
      rows = await store.listPrompts();
    } catch (error) {
      if (!isTransient(error)) throw error;
      const operations: QueuedOperation[] = paths ? paths.filter(isSyncedPromptPath).map((path) => ({ kind: 'sync-path', path })) : [{ kind: 'sync-all' }];
      for (const operation of operations) await state.enqueue(operation);
      report.queued.push(...(paths ?? ['*']));
      this.wentOffline(error);
      return report;
    }
    this.cameOnline();

    const remoteRows = new Map<string, PromptRecord>();
    const remote = new Map<string, RemotePromptState>();
    for (const row of rows) {
      if (!isSyncedPromptPath(row.path)) {
        log.warn(`sync: skipped the stored prompt "${row.path}": not a workspace-relative .prompt path`);
        continue;
      }
      remoteRows.set(row.path, row);
      // The hash of the text itself, so a writer that hashed differently cannot cause a loop.
      remote.set(row.path, { id: row.id, hash: contentHash(row.body), updatedAt: row.updatedAt });
    }

    const base = state.bases();
    const localPaths = paths ? paths.filter(isSyncedPromptPath) : (await files.list()).filter(isSyncedPromptPath);
    const texts = new Map<string, string>();
    const local = new Map<string, string>();
    const candidates = paths ? localPaths : [...new Set([...localPaths, ...remote.keys(), ...base.keys()])];
    for (const path of candidates) {
      const text = await files.read(path);
      if (text === undefined) continue;
      texts.set(path, text);
      local.set(path, contentHash(text));
    }

    const waitingDeletes = new Set(state.queue().flatMap((operation) => (operation.kind === 'delete-remote' ? [operation.path] : [])));
    for (const step of buildSyncPlan({ local, remote, base }, candidates)) {
      if (waitingDeletes.has(step.path)) continue;
      try {
        await this.apply(store, step, { localText: texts.get(step.path), row: remoteRows.get(step.path), trigger, report });
      } catch (error) {
        if (!(error instanceof StoreUnreachable)) throw error;
        await state.enqueue({ kind: 'sync-path', path: step.path });
        report.queued.push(step.path);
      }
    }
    if (report.queued.length > 0) this.scheduleRetry();
    this.emit();
    return report;
  }

  private async apply(
    store: Store,
    step: SyncStep,
    context: { localText: string | undefined; row: PromptRecord | undefined; trigger: SyncTrigger; report: SyncReport },
  ): Promise<void> {
    const { files, state, prompter } = this.options;
    const { localText, row, trigger, report } = context;
    const { path } = step;
    switch (step.action) {
      case 'nothing':
        return;
      case 'record':
        await state.setBase(path, step.localHash);
        report.recorded.push(path);
        return;
      case 'forget':
        await state.setBase(path, undefined);
        return;
      case 'push':
        await this.push(store, path, required(localText, path));
        report.pushed.push(path);
        return;
      case 'pull':
        await this.pull(path, required(row, path).body);
        report.pulled.push(path);
        return;
      case 'conflict': {
        const remoteRow = required(row, path);
        const mine = required(localText, path);
        const choice = await prompter.resolveConflict({
          path,
          localText: mine,
          remoteText: remoteRow.body,
          remoteUpdatedAt: remoteRow.updatedAt,
          firstSync: step.reason === 'first-sync-different',
          trigger,
        });
        if (choice === 'mine') {
          await this.push(store, path, mine);
          report.pushed.push(path);
        } else if (choice === 'theirs') {
          await this.pull(path, remoteRow.body);
          report.pulled.push(path);
        } else if (choice === 'both') {
          // Theirs beside mine; the base becomes theirs, so the next sync pushes mine once merged.
          await files.write(remoteCopyPath(path), remoteRow.body);
          await state.setBase(path, contentHash(remoteRow.body));
          report.keptBoth.push(path);
        } else {
          report.unresolved.push(path);
        }
        return;
      }
      case 'local-deleted': {
        const remoteRow = required(row, path);
        const answer = await prompter.confirmLocalDeletion({ path, remoteChanged: step.reason === 'deleted-locally-changed-remotely', trigger });
        if (answer === 'delete-remote') {
          await this.deleteRow(store, { kind: 'delete-remote', path, id: remoteRow.id, hash: contentHash(remoteRow.body) });
          report.deletedRows.push(path);
        } else if (answer === 'restore') {
          await this.pull(path, remoteRow.body);
          report.pulled.push(path);
        } else {
          report.unresolved.push(path);
        }
        return;
      }
      case 'remote-deleted': {
        const mine = required(localText, path);
        const answer = await prompter.confirmRemoteDeletion({ path, localChanged: step.reason === 'deleted-remotely-changed-locally', trigger });
        if (answer === 'delete-local') {
          await files.remove(path);
          await state.setBase(path, undefined);
          report.deletedFiles.push(path);
        } else if (answer === 'upload') {
          await this.push(store, path, mine);
          report.pushed.push(path);
        } else {
          report.unresolved.push(path);
        }
        return;
      }
    }
  }

  private async push(store: Store, path: string, text: string): Promise<void> {
    const name = path.slice(path.lastIndexOf('/') + 1, -'.prompt'.length);
    const hash = contentHash(text);
    await this.reach(() => store.upsertPrompt({ name, type: promptTypeOf(text, path), body: text, path, contentHash: hash }));
    await this.options.state.setBase(path, hash);
  }

  private async pull(path: string, body: string): Promise<void> {
    await this.options.files.write(path, body);
    await this.options.state.setBase(path, contentHash(body));
  }

  /** Deletes a row the user agreed to delete; queued (not lost) when the store is unreachable. */
  private async deleteRow(store: Store, operation: Extract<QueuedOperation, { kind: 'delete-remote' }>): Promise<void> {
    try {
      await this.reach(() => store.deletePrompt(operation.id));
    } catch (error) {
      if (!(error instanceof StoreUnreachable)) throw error;
      await this.options.state.enqueue(operation);
      this.scheduleRetry();
      return;
    }
    await this.options.state.setBase(operation.path, undefined);
  }

  /** Runs a store call; a failure that is not the user's to fix means "unreachable". */
  private async reach<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw error;
      this.wentOffline(error);
      throw new StoreUnreachable(errorMessage(error));
    }
  }

  private async replayQueue(): Promise<SyncReport> {
    const { state } = this.options;
    const queue = state.queue();
    if (queue.length === 0) return emptyReport();
    await state.replaceQueue([]);

    const deletes = queue.filter((operation) => operation.kind === 'delete-remote');
    if (deletes.length > 0) {
      let rows: PromptRecord[];
      let store: Store;
      try {
        store = await this.options.getStore();
        rows = await store.listPrompts();
      } catch (error) {
        if (!isTransient(error)) throw error;
        await state.replaceQueue(queue);
        this.wentOffline(error);
        this.scheduleRetry();
        return { ...emptyReport(), queued: queue.map((operation) => (operation.kind === 'sync-all' ? '*' : operation.path)) };
      }
      for (const operation of deletes) {
        const row = rows.find((candidate) => candidate.path === operation.path);
        // Deleted only if the row is still what the user agreed to delete; else the next sync asks again.
        if (row && contentHash(row.body) === operation.hash) await this.deleteRow(store, { ...operation, id: row.id });
        else if (!row) await state.setBase(operation.path, undefined);
      }
    }

    const rest = queue.filter((operation) => operation.kind !== 'delete-remote');
    if (rest.some((operation) => operation.kind === 'sync-all')) return this.sync(undefined, 'retry');
    const paths = rest.flatMap((operation) => (operation.kind === 'sync-path' ? [operation.path] : []));
    return paths.length > 0 ? this.sync(paths, 'retry') : emptyReport();
  }

  private wentOffline(error: unknown): void {
    this.offline = true;
    this.lastError = errorMessage(error);
    this.options.log.warn(`sync: the store is unreachable (${this.lastError}); the changes are queued and retried`);
    this.scheduleRetry();
    this.emit();
  }

  private cameOnline(): void {
    this.retries = 0;
    this.offline = false;
    this.lastError = undefined;
    this.emit();
  }

  private scheduleRetry(): void {
    if (this.disposed || this.retryHandle) return;
    this.retries += 1;
    const delay = Math.max(MIN_RETRY_MS, backoffDelay(this.retries, this.options.backoff ?? RETRY_BACKOFF, this.options.random ?? Math.random));
    this.retryHandle = (this.options.timer ?? realTimer).set(() => {
      this.retryHandle = undefined;
      if (this.options.state.queue().length === 0) return;
      this.flushQueue().catch((error: unknown) => this.options.log.warn(`sync: retry failed: ${errorMessage(error)}`));
    }, delay);
  }
}

function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) throw new Error(`sync: internal error: no text for ${path}`);
  return value;
}
