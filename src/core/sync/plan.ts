import { decideSync, type SyncAction, type SyncReason } from './decide';

export interface RemotePromptState {
  id: string;
  hash: string;
  updatedAt: string;
}

export interface SyncInputs {
  /** path → hash of the workspace file */
  local: ReadonlyMap<string, string>;
  /** path → the store's row */
  remote: ReadonlyMap<string, RemotePromptState>;
  /** path → hash at the last sync */
  base: ReadonlyMap<string, string>;
}

export interface SyncStep {
  path: string;
  action: SyncAction;
  reason: SyncReason;
  localHash: string | undefined;
  remote: RemotePromptState | undefined;
}

/**
 * One step per path known to any side (or only to `paths` when given), in path order;
 * paths already in sync are left out.
 */
export function buildSyncPlan(inputs: SyncInputs, paths?: Iterable<string>): SyncStep[] {
  const candidates = new Set(paths ?? [...inputs.local.keys(), ...inputs.remote.keys(), ...inputs.base.keys()]);
  const steps: SyncStep[] = [];
  for (const path of [...candidates].sort()) {
    const localHash = inputs.local.get(path);
    const remote = inputs.remote.get(path);
    const { action, reason } = decideSync({ local: localHash, remote: remote?.hash, base: inputs.base.get(path) });
    if (action !== 'nothing') steps.push({ path, action, reason, localHash, remote });
  }
  return steps;
}

export function countByAction(steps: readonly SyncStep[]): Partial<Record<SyncAction, number>> {
  const counts: Partial<Record<SyncAction, number>> = {};
  for (const step of steps) counts[step.action] = (counts[step.action] ?? 0) + 1;
  return counts;
}
