import * as vscode from 'vscode';
import { isOpenRunStatus, type RunStatus, type RunSummaryRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';
import type { RunController } from './run-controller';
import type { BatchRuns } from './batch-runs';
import { runRowLabel } from './run-title';
import { expectedCells } from './expected-cells';

const RUNS_LIMIT = 500;

type PromptNode = { kind: 'prompt'; key: string; name: string; path: string | null; runs: RunSummaryRecord[] };
type RunNode = { kind: 'run'; run: RunSummaryRecord };
/** The row's description, the tooltip's counts in the glossary's words and its interval lines. */
type RunSummaryTexts = { line: string; counts: string; intervals: string[] };
export type RunsTreeNode = PromptNode | RunNode;

const STATUS_ICON: Record<RunStatus, vscode.ThemeIcon> = {
  completed: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
  running: new vscode.ThemeIcon('sync~spin'),
  pending: new vscode.ThemeIcon('clock'),
};

/** Prompts → their runs, newest first, each with its status and "87% passed · $0.0042 · p50 410 ms". */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly untrackedBatch = new vscode.EventEmitter<string>();
  /** Listed an open batch run that this window does not track (submitted by the CLI or another window): once per run. */
  readonly onDidListUntrackedBatchRun = this.untrackedBatch.event;
  private readonly untrackedSeen = new Set<string>();
  /** Summaries of finished runs, by run id + last update (they do not change afterwards). */
  private readonly summaries = new Map<string, RunSummaryTexts>();

  constructor(
    private readonly getStore: () => Promise<Store>,
    private readonly controller: RunController,
    private readonly batchRuns: BatchRuns,
    private readonly onError: (error: unknown) => void,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: RunsTreeNode): Promise<RunsTreeNode[]> {
    if (node?.kind === 'run') return [];
    if (node?.kind === 'prompt') return node.runs.map((run) => ({ kind: 'run', run }));
    let runs: RunSummaryRecord[];
    try {
      runs = await (await this.getStore()).listRuns({ limit: RUNS_LIMIT });
    } catch (error) {
      // e.g. the store is locked by another window: say so once, show the empty state.
      this.onError(error);
      return [];
    }
    const prompts = new Map<string, PromptNode>();
    for (const run of runs) {
      if (run.config.batch && isOpenRunStatus(run.status) && !this.batchRuns.get(run.id) && !this.untrackedSeen.has(run.id)) {
        this.untrackedSeen.add(run.id);
        this.untrackedBatch.fire(run.id);
      }
      const key = run.promptId ?? `deleted:${run.config.promptPath}`;
      let prompt = prompts.get(key);
      if (!prompt) {
        prompt = { kind: 'prompt', key, name: run.promptName ?? '(deleted prompt)', path: run.config.promptPath, runs: [] };
        prompts.set(key, prompt);
      }
      prompt.runs.push(run);
    }
    for (const prompt of prompts.values()) prompt.runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return [...prompts.values()];
  }

  async getTreeItem(node: RunsTreeNode): Promise<vscode.TreeItem> {
    if (node.kind === 'prompt') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `prompt:${node.key}`;
      item.description = node.path ?? undefined;
      item.iconPath = new vscode.ThemeIcon('file-code');
      item.tooltip = `${node.path ?? node.name} — ${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
      item.contextValue = 'refinery.prompt';
      return item;
    }
    const { run } = node;
    const live = this.controller.get(run.id);
    const batch = this.batchRuns.get(run.id);
    const status: RunStatus = live || batch ? 'running' : run.status;
    // dataset · models · when: runs of one prompt told apart at a glance
    const item = new vscode.TreeItem(runRowLabel(run), vscode.TreeItemCollapsibleState.None);
    item.id = `run:${run.id}`;
    item.iconPath = STATUS_ICON[status];
    const summary = live || batch ? null : await this.summary(run);
    item.description = live ? `running ${live.progress.done}/${live.progress.total}` : (batch?.progressText ?? summary?.line);
    const models = run.models.map((m) => m.displayLabel || `${m.provider}/${m.model}`).join(', ');
    const dataset = run.config.datasetPath ?? 'no dataset';
    const counts = live ? `${live.progress.done}/${live.progress.total} cells done` : batch ? `at the provider as a batch: ${batch.progressText}` : (summary?.counts ?? '');
    // names, model ids and paths are data: appendText, so markdown in them shows as typed
    item.tooltip = new vscode.MarkdownString()
      .appendMarkdown('**')
      .appendText(run.promptName ?? 'run')
      .appendMarkdown('** — ')
      .appendText(`${status}\n${models}\n${dataset}\n${counts}\n${summary?.intervals.map((line) => `${line}\n`).join('') ?? ''}${run.id}`);
    item.command = { title: 'Open Results', command: 'refinery.openRun', arguments: [run.id] };
    item.contextValue = live || batch ? 'refinery.run.running' : 'refinery.run';
    return item;
  }

  private async summary(run: RunSummaryRecord): Promise<RunSummaryTexts> {
    const key = `${run.id}@${run.updatedAt}`;
    const cached = this.summaries.get(key);
    if (cached !== undefined) return cached;
    const [{ runSummaryText, runCountsText, runIntervalLines }, store] = await Promise.all([import('./run-summary-text'), this.getStore()]);
    const [cells, expected] = await Promise.all([store.listCellMetrics(run.id), expectedCells(store, run)]);
    const line = runSummaryText(run, cells, { expectedCells: expected });
    const texts = {
      line: run.status === 'completed' ? line : `${run.status} · ${line}`,
      counts: runCountsText(run, cells, { expectedCells: expected }),
      intervals: runIntervalLines(run, cells),
    };
    this.summaries.set(key, texts);
    return texts;
  }

  dispose(): void {
    this.changed.dispose();
    this.untrackedBatch.dispose();
  }
}
