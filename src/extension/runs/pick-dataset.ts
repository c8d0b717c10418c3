import path from 'node:path';
import * as vscode from 'vscode';
import { labelText } from '../untrusted-text';

const DATASET_GLOB = '**/*.{csv,json,jsonl,ndjson}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**,**/.vscode/**,**/package.json,**/package-lock.json,**/tsconfig*.json}';

/** A dataset already in the store, picked instead of a file. */
export interface StoredDatasetChoice {
  datasetId: string;
}

/**
 * Quick pick of the dataset files in the workspace, the prompt's `refinery.dataset` first, then
 * the datasets already in the store (`stored`). Resolves to an absolute path or a stored
 * dataset, or undefined when the user dismisses it.
 */
export async function pickDataset(
  promptUri: vscode.Uri,
  frontmatterDataset: string | undefined,
  step?: { step: number; totalSteps: number },
  stored: () => Promise<Array<vscode.QuickPickItem & { datasetId: string }>> = () => Promise.resolve([]),
): Promise<string | StoredDatasetChoice | undefined> {
  const files = await vscode.workspace.findFiles(DATASET_GLOB, EXCLUDE_GLOB, 2_000);
  const declared = frontmatterDataset ? path.resolve(path.dirname(promptUri.fsPath), frontmatterDataset) : undefined;
  const items = files
    .map((uri) => ({
      label: labelText(path.basename(uri.fsPath)),
      description: labelText(vscode.workspace.asRelativePath(uri, false)),
      detail: uri.fsPath === declared ? '$(star-full) refinery.dataset of this prompt' : undefined,
      fsPath: uri.fsPath,
    }))
    .sort((a, b) => Number(b.fsPath === declared) - Number(a.fsPath === declared) || a.description.localeCompare(b.description));
  const browse = { label: '$(folder-opened) Browse…', description: 'a file outside the workspace', fsPath: '' };
  const storedItems = await stored();
  const storedSection: Array<vscode.QuickPickItem & { datasetId?: string; fsPath?: string }> =
    storedItems.length > 0 ? [{ label: 'Stored datasets', kind: vscode.QuickPickItemKind.Separator }, ...storedItems] : [];
  const picked = await vscode.window.showQuickPick<vscode.QuickPickItem & { datasetId?: string; fsPath?: string }>([...items, ...storedSection, browse], {
    title: `Run Against Dataset${step ? ` (${step.step}/${step.totalSteps})` : ''}: dataset (CSV, JSON, JSONL)`,
    placeHolder: items.length === 0 ? 'no dataset files in the workspace — browse for one' : 'dataset file',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.datasetId !== undefined) return { datasetId: picked.datasetId };
  if (picked !== browse && picked.fsPath) return picked.fsPath;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Use Dataset',
    filters: { Datasets: ['csv', 'json', 'jsonl', 'ndjson'] },
  });
  return chosen?.[0]?.fsPath;
}
