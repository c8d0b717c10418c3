/**
 * The three-way decision for one prompt path: what the workspace file holds, what the store's
 * row holds, and what both held when they were last in sync (the "base"). Hashes only: the
 * decision never needs the texts. Pure, so every combination is unit-tested.
 */
export interface SyncSides {
  /** Hash of the workspace file, undefined when there is no file. */
  local: string | undefined;
  /** Hash of the store's row, undefined when there is no row. */
  remote: string | undefined;
  /** Hash both sides had at the last sync, undefined when never synced. */
  base: string | undefined;
}

/**
 * - `nothing`: in sync.
 * - `record`: both sides hold the same text but the base is stale or missing: only remember it.
 * - `forget`: both sides are gone: drop the base.
 * - `push` / `pull`: one side changed (or is new), the other did not.
 * - `conflict`: both changed differently, or first sync of two different texts.
 * - `local-deleted` / `remote-deleted`: one side is gone; never propagated without asking.
 */
export type SyncAction = 'nothing' | 'record' | 'forget' | 'push' | 'pull' | 'conflict' | 'local-deleted' | 'remote-deleted';

export type SyncReason =
  | 'never-seen'
  | 'both-deleted'
  | 'in-sync'
  | 'same-change-both-sides'
  | 'first-sync-equal'
  | 'first-sync-different'
  | 'new-local'
  | 'new-remote'
  | 'changed-locally'
  | 'changed-remotely'
  | 'changed-both-sides'
  | 'deleted-locally'
  | 'deleted-locally-changed-remotely'
  | 'deleted-remotely'
  | 'deleted-remotely-changed-locally';

export interface SyncDecision {
  action: SyncAction;
  reason: SyncReason;
}

const decision = (action: SyncAction, reason: SyncReason): SyncDecision => ({ action, reason });

export function decideSync({ local, remote, base }: SyncSides): SyncDecision {
  if (local === undefined && remote === undefined) {
    return base === undefined ? decision('nothing', 'never-seen') : decision('forget', 'both-deleted');
  }
  if (local === undefined) {
    if (base === undefined) return decision('pull', 'new-remote');
    return remote === base ? decision('local-deleted', 'deleted-locally') : decision('local-deleted', 'deleted-locally-changed-remotely');
  }
  if (remote === undefined) {
    if (base === undefined) return decision('push', 'new-local');
    return local === base ? decision('remote-deleted', 'deleted-remotely') : decision('remote-deleted', 'deleted-remotely-changed-locally');
  }
  if (local === remote) {
    if (base === local) return decision('nothing', 'in-sync');
    return base === undefined ? decision('record', 'first-sync-equal') : decision('record', 'same-change-both-sides');
  }
  if (base === undefined) return decision('conflict', 'first-sync-different');
  if (remote === base) return decision('push', 'changed-locally');
  if (local === base) return decision('pull', 'changed-remotely');
  return decision('conflict', 'changed-both-sides');
}
