import type { Store } from '../../core/ports/store';
import { formatRunSummary } from '../runs/run-summary-text';
import { expectedCells } from '../runs/expected-cells';
import { runModelsLabel } from '../runs/run-title';

export interface RunSummary {
  runId: string;
  text: string;
}

type SummaryStore = Pick<Store, 'listPrompts' | 'listRuns' | 'listCellMetrics' | 'getDataset'>;

/**
 * The last run of each prompt, by workspace-relative path, for the CodeLens. Lenses never
 * open the store themselves (that takes a second and locks it against other windows): the
 * cache stays off until `refresh()` — called by the runs side once the store is open — and is
 * cleared by every later `refresh()`. A path is looked up once per refresh, off the typing path.
 */
export class RunSummaryCache {
  private enabled = false;
  private generation = 0;
  private readonly summaries = new Map<string, RunSummary | null>();
  private readonly loading = new Set<string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly getStore: () => Promise<SummaryStore>,
    private readonly onDidLoad: () => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The summary if known; starts loading it (then `onDidLoad`) if not. */
  get(promptPath: string): RunSummary | undefined {
    const known = this.summaries.get(promptPath);
    if (known !== undefined) return known ?? undefined;
    if (this.enabled && !this.loading.has(promptPath)) void this.load(promptPath);
    return undefined;
  }

  refresh(): void {
    this.enabled = true;
    this.generation++;
    this.summaries.clear();
    this.loading.clear();
    this.onDidLoad();
  }

  /** Resolves once every load started so far has finished (for tests). */
  async whenLoaded(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private load(promptPath: string): Promise<void> {
    const generation = this.generation;
    this.loading.add(promptPath);
    const loading = lastRunSummary(this.getStore, promptPath)
      .then((summary) => {
        if (generation !== this.generation) return;
        this.summaries.set(promptPath, summary);
        this.onDidLoad();
      })
      .catch((error: unknown) => {
        if (generation === this.generation) this.summaries.set(promptPath, null);
        this.onError(error);
      })
      .finally(() => {
        if (generation === this.generation) this.loading.delete(promptPath);
        this.pending.delete(loading);
      });
    this.pending.add(loading);
    return loading;
  }
}

async function lastRunSummary(getStore: () => Promise<SummaryStore>, promptPath: string): Promise<RunSummary | null> {
  const store = await getStore();
  const prompts = (await store.listPrompts()).filter((prompt) => prompt.path === promptPath);
  const latest = (await Promise.all(prompts.map((prompt) => store.listRuns({ promptId: prompt.id, limit: 1 }))))
    .flat()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!latest) return null;
  const [cells, expected] = await Promise.all([store.listCellMetrics(latest.id), expectedCells(store, latest)]);
  return { runId: latest.id, text: formatRunSummary(latest, cells, { expectedCells: expected, models: runModelsLabel(latest.models) }) };
}
