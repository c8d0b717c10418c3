/**
 * Before the shared store, each VS Code profile kept its own store in the extension's global
 * storage folder. On first use its prompts, datasets and runs are copied into the shared store
 * (`copyStore`: idempotent, so an interrupted move is finished by the next one), the copy is
 * checked run by run, and only then a marker is written. The old folder is never changed
 * otherwise: deleting it is left to the user.
 */
import fs from 'node:fs';
import path from 'node:path';
import { copyStore, IMPORTED_FROM_KEY } from '../../core/sync/copy-store';
import { isUserError } from '../../core/errors';
import type { Store } from '../types';
import { openLocalStore } from './open';
import { pgDataDir } from './paths';

export const MOVED_MARKER_FILE_NAME = 'moved-to-shared-store.json';

export type MoveOutcome =
  | { kind: 'nothing' }
  | { kind: 'already-moved' }
  /** An older Refinery window still has the old store open: try again next time. */
  | { kind: 'busy' }
  | { kind: 'moved'; runs: number; cells: number };

export async function moveOldStore(oldDir: string, target: Store & { dataDir: string }): Promise<MoveOutcome> {
  const from = path.resolve(oldDir);
  if (from === path.resolve(target.dataDir) || !fs.existsSync(path.join(pgDataDir(from), 'PG_VERSION'))) return { kind: 'nothing' };
  const marker = path.join(from, MOVED_MARKER_FILE_NAME);
  if (fs.existsSync(marker)) return { kind: 'already-moved' };

  let old;
  try {
    old = await openLocalStore({ dataDir: from, embedded: true });
  } catch (error) {
    if (isUserError(error) && error.code === 'store.locked') return { kind: 'busy' };
    throw error;
  }
  try {
    const report = await copyStore(old, target);
    await verifyCopied(old, target);
    fs.writeFileSync(marker, JSON.stringify({ movedTo: target.dataDir, at: new Date().toISOString(), ...report }, null, 2));
    return { kind: 'moved', runs: report.runsCopied + report.runsFound, cells: report.cells };
  } finally {
    await old.close();
  }
}

/** Every old run is in the target, marked as its copy, with at least as many cells. */
async function verifyCopied(from: Store, to: Store): Promise<void> {
  const copies = new Map<string, number>();
  for (const run of await to.listRuns()) {
    const source = run.config[IMPORTED_FROM_KEY];
    if (typeof source === 'string') copies.set(source, run.cellCount);
  }
  for (const run of await from.listRuns()) {
    const cells = copies.get(run.id);
    if (cells === undefined || cells < run.cellCount) {
      throw new Error(`moving the old local store: run ${run.id} has ${run.cellCount} cells there but ${cells ?? 'none'} in the shared store`);
    }
  }
}
