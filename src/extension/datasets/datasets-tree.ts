import * as vscode from 'vscode';
import { formatSize } from '../../core/dataset';
import type { DatasetRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';

export type DatasetNode = { kind: 'dataset'; dataset: DatasetRecord; runCount: number; inGroup: boolean };
type VersionsNode = { kind: 'versions'; key: string; name: string; source: string; versions: DatasetNode[] };
export type DatasetsTreeNode = DatasetNode | VersionsNode;

const timeFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

/** "120 rows × 3 columns · 4.2 KB · 2 runs" */
export function datasetFacts(dataset: DatasetRecord, runCount: number): string {
  return `${plural(dataset.rowCount, 'row')} × ${plural(dataset.columns.length, 'column')} · ${formatSize(dataset.sizeBytes)} · ${plural(runCount, 'run')}`;
}

/** The stored datasets of the current store; the versions of one source file grouped under its name, newest first. */
export class DatasetsTreeProvider implements vscode.TreeDataProvider<DatasetsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DatasetsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly getStore: () => Promise<Store>,
    private readonly onError: (error: unknown) => void,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: DatasetsTreeNode): Promise<DatasetsTreeNode[]> {
    if (node?.kind === 'dataset') return [];
    if (node?.kind === 'versions') return node.versions;
    let datasets: DatasetRecord[];
    let runCounts: Map<string, number>;
    try {
      const store = await this.getStore();
      [datasets, runCounts] = await Promise.all([store.listDatasets(), store.countDatasetRuns()]);
    } catch (error) {
      this.onError(error);
      return [];
    }
    const groups = new Map<string, DatasetNode[]>();
    for (const dataset of datasets) {
      const key = dataset.sourcePath ?? `name:${dataset.name}`;
      const group = groups.get(key) ?? [];
      group.push({ kind: 'dataset', dataset, runCount: runCounts.get(dataset.id) ?? 0, inGroup: false });
      groups.set(key, group);
    }
    const nodes: DatasetsTreeNode[] = [];
    for (const [key, versions] of groups) {
      versions.sort((a, b) => b.dataset.version - a.dataset.version || b.dataset.createdAt.localeCompare(a.dataset.createdAt));
      const latest = versions[0];
      if (!latest) continue;
      if (versions.length === 1) nodes.push(latest);
      else {
        for (const version of versions) version.inGroup = true;
        nodes.push({ kind: 'versions', key, name: latest.dataset.name, source: latest.dataset.sourcePath ?? latest.dataset.filePath, versions });
      }
    }
    const nameOf = (n: DatasetsTreeNode) => (n.kind === 'dataset' ? n.dataset.name : n.name);
    return nodes.sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  }

  getTreeItem(node: DatasetsTreeNode): vscode.TreeItem {
    if (node.kind === 'versions') {
      // tree labels and descriptions are plain text
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `dataset-versions:${node.key}`;
      item.description = `${node.versions.length} versions · ${node.source}`;
      item.iconPath = new vscode.ThemeIcon('versions');
      item.tooltip = `${node.source}: ${node.versions.length} versions (the file changed between imports)`;
      item.contextValue = 'refinery.datasetVersions';
      return item;
    }
    const { dataset, runCount } = node;
    const label = node.inGroup ? `v${dataset.version} · ${timeFormat.format(new Date(dataset.createdAt))}` : dataset.name;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `dataset:${dataset.id}`;
    item.description = node.inGroup ? datasetFacts(dataset, runCount) : `${datasetFacts(dataset, runCount)} · ${dataset.sourcePath ?? dataset.filePath}`;
    item.iconPath = new vscode.ThemeIcon('table');
    // names, paths and columns are data: appendText, so markdown in them shows as typed
    item.tooltip = new vscode.MarkdownString()
      .appendMarkdown('**')
      .appendText(dataset.name)
      .appendMarkdown('**')
      .appendText(
        ` — version ${dataset.version}\n` +
          `source file: ${dataset.sourcePath ?? dataset.filePath}\n` +
          `${datasetFacts(dataset, runCount)}\n` +
          `columns: ${dataset.columns.join(', ')}\n` +
          `imported ${timeFormat.format(new Date(dataset.createdAt))}\n${dataset.id}`,
      );
    item.command = { title: 'Preview', command: 'refinery.previewDataset', arguments: [node] };
    item.contextValue = dataset.sourcePath ? 'refinery.dataset.withSource' : 'refinery.dataset';
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
