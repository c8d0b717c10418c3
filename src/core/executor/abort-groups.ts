/**
 * Tracks which pending items share an AbortSignal, with one listener per signal instead of one
 * per item: a run passes the same signal for thousands of cells, and Node warns (and spends
 * O(listeners) per removal) when many listeners sit on one signal.
 */
export class AbortGroups<T> {
  private readonly groups = new WeakMap<AbortSignal, Set<T>>();

  constructor(private readonly onAbort: (items: readonly T[]) => void) {}

  /** Returns the group so the item can leave it in O(1) when it settles. */
  join(signal: AbortSignal, item: T): Set<T> {
    let group = this.groups.get(signal);
    if (!group) {
      const members = new Set<T>();
      group = members;
      this.groups.set(signal, members);
      signal.addEventListener(
        'abort',
        () => {
          const items = [...members];
          members.clear();
          this.onAbort(items);
        },
        { once: true },
      );
    }
    group.add(item);
    return group;
  }
}
