import type { Store } from '../../../src/core/ports/store';
import type {
  ConflictChoice,
  ConflictQuestion,
  KeyValueMemento,
  LocalDeletionQuestion,
  PromptFiles,
  RemoteDeletionQuestion,
  RetryTimer,
  SyncPrompter,
} from '../../../src/extension/sync/ports';

/** The workspace's files, in memory. */
export class FakeFiles implements PromptFiles {
  readonly files = new Map<string, string>();
  list() {
    return Promise.resolve([...this.files.keys()].filter((path) => path.endsWith('.prompt')));
  }
  read(path: string) {
    return Promise.resolve(this.files.get(path));
  }
  write(path: string, text: string) {
    this.files.set(path, text);
    return Promise.resolve();
  }
  remove(path: string) {
    this.files.delete(path);
    return Promise.resolve();
  }
}

/** workspaceState, in memory, storing JSON copies as VS Code does. */
export class FakeMemento implements KeyValueMemento {
  readonly values = new Map<string, string>();
  get(key: string): unknown {
    const value = this.values.get(key);
    return value === undefined ? undefined : JSON.parse(value);
  }
  update(key: string, value: unknown) {
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

/** Answers from a script, and remembers every question. */
export class ScriptedPrompter implements SyncPrompter {
  conflictChoice: ConflictChoice | undefined = undefined;
  localDeletionAnswer: 'delete-remote' | 'restore' | undefined = undefined;
  remoteDeletionAnswer: 'delete-local' | 'upload' | undefined = undefined;
  readonly conflicts: ConflictQuestion[] = [];
  readonly localDeletions: LocalDeletionQuestion[] = [];
  readonly remoteDeletions: RemoteDeletionQuestion[] = [];
  resolveConflict(question: ConflictQuestion) {
    this.conflicts.push(question);
    return Promise.resolve(this.conflictChoice);
  }
  confirmLocalDeletion(question: LocalDeletionQuestion) {
    this.localDeletions.push(question);
    return Promise.resolve(this.localDeletionAnswer);
  }
  confirmRemoteDeletion(question: RemoteDeletionQuestion) {
    this.remoteDeletions.push(question);
    return Promise.resolve(this.remoteDeletionAnswer);
  }
}

/** Retry timers that fire only when the test says so. */
export class ManualTimer implements RetryTimer {
  readonly pending: Array<{ callback: () => void; ms: number }> = [];
  set(callback: () => void, ms: number) {
    const entry = { callback, ms };
    this.pending.push(entry);
    return { dispose: () => this.pending.splice(this.pending.indexOf(entry), 1) };
  }
  fireAll(): void {
    for (const entry of this.pending.splice(0)) entry.callback();
  }
}

/**
 * The real store behind a switch that makes every call fail as a dropped connection does
 * (supabase-js surfaces `TypeError: fetch failed`).
 */
export function switchableStore(store: Store): { store: Store; setOffline(offline: boolean): void } {
  let offline = false;
  const wrapped = new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        if (offline) return Promise.reject(new TypeError('fetch failed'));
        return Reflect.apply(value, target, args) as unknown;
      };
    },
  });
  return { store: wrapped, setOffline: (value) => (offline = value) };
}
