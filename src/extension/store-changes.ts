/**
 * Notices writes to the local store by other processes (another window, the CLI): polls the
 * store's change counter and tells the listeners when it moved. One tiny query per interval.
 */
export interface ChangeStamped {
  changeStamp(): Promise<string>;
}

export interface StoreChangeWatcher {
  onChanged(listener: () => void): { dispose(): void };
  dispose(): void;
}

export function hasChangeStamp(store: object): store is ChangeStamped {
  return 'changeStamp' in store && typeof store.changeStamp === 'function';
}

export function watchStoreChanges(store: ChangeStamped, intervalMs: number, onError: (error: unknown) => void): StoreChangeWatcher {
  const listeners = new Set<() => void>();
  let last: string | undefined;
  let polling = false;
  let failed = false;
  const poll = async (): Promise<void> => {
    if (polling || listeners.size === 0) return;
    polling = true;
    try {
      const stamp = await store.changeStamp();
      failed = false;
      if (last !== undefined && stamp !== last) for (const listener of [...listeners]) listener();
      last = stamp;
    } catch (error) {
      // the host is being replaced: say so once, keep polling
      if (!failed) onError(error);
      failed = true;
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref?.();
  return {
    onChanged(listener) {
      listeners.add(listener);
      void poll();
      return { dispose: () => listeners.delete(listener) };
    },
    dispose() {
      clearInterval(timer);
      listeners.clear();
    },
  };
}
