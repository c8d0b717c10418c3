import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { DatasetRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';
import { labelText } from '../untrusted-text';
import { datasetFacts } from './datasets-tree';

/** A dataset id passed by a test or another extension, or the Datasets view's node. */
export function datasetIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'dataset' in arg) {
    const dataset: unknown = arg.dataset;
    if (dataset && typeof dataset === 'object' && 'id' in dataset && typeof dataset.id === 'string') return dataset.id;
  }
  return undefined;
}

/** The stored datasets as quick pick items, newest first (for Run Against Dataset and the palette). */
export async function storedDatasetItems(store: Store): Promise<Array<vscode.QuickPickItem & { datasetId: string }>> {
  const [datasets, runCounts] = await Promise.all([store.listDatasets(), store.countDatasetRuns()]);
  return datasets.map((dataset) => ({
    label: labelText`$(database) ${dataset.name}`,
    description: labelText`v${dataset.version} · ${dataset.sourcePath ?? dataset.filePath}`,
    detail: labelText(`${datasetFacts(dataset, runCounts.get(dataset.id) ?? 0)} · imported ${new Date(dataset.createdAt).toLocaleString()}`),
    datasetId: dataset.id,
  }));
}

/** The dataset a command acts on: the one it was given, else one the user picks. */
export async function datasetTarget(store: Store, arg: unknown, title: string): Promise<DatasetRecord | undefined> {
  let id = datasetIdOf(arg);
  if (id === undefined) {
    const items = await storedDatasetItems(store);
    if (items.length === 0) throw new UserError('store.not-found', 'no datasets stored yet', {}, 'import one: Refinery: Import Dataset…');
    id = (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.datasetId;
    if (id === undefined) return undefined;
  }
  const dataset = await store.getDataset(id);
  if (!dataset) throw new UserError('store.not-found', `dataset ${id} is no longer in the store`, {}, 'refresh the Datasets view');
  return dataset;
}
