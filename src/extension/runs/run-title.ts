/**
 * How a run is named wherever runs are told apart — the results tab, the Runs view, the run
 * pickers: `triage · tickets.csv · sim/echo +1 · Dec 7, 12:31` (prompt · dataset · models ·
 * when). Pure, unit-tested. Not escaped: the caller escapes for where it shows it.
 */
import type { RunConfig, RunModelRecord } from '../../core/model';

export interface TitledRun {
  createdAt: string;
  config: Pick<RunConfig, 'datasetPath'>;
  models: ReadonlyArray<Pick<RunModelRecord, 'displayLabel' | 'provider' | 'model'>>;
}

const when = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `Dec 7, 12:31`, in the local time zone. */
export function runWhen(createdAt: string): string {
  return when.format(new Date(createdAt));
}

/** `sim/echo`, or `sim/echo +2` for three models. */
export function runModelsLabel(models: TitledRun['models']): string {
  const [first, ...rest] = models.map((m) => m.displayLabel || `${m.provider}/${m.model}`);
  if (first === undefined) return 'no model';
  return rest.length === 0 ? first : `${first} +${rest.length}`;
}

/** The dataset file's name, or `no dataset`. */
export function runDatasetName(run: Pick<TitledRun, 'config'>): string {
  const path = run.config.datasetPath;
  return path !== null && path !== '' ? (path.split('/').pop() ?? path) : 'no dataset';
}

/** `tickets.csv · sim/echo +1 · Dec 7, 12:31`: a run among its prompt's runs (the Runs view's rows). */
export function runRowLabel(run: TitledRun): string {
  return `${runDatasetName(run)} · ${runModelsLabel(run.models)} · ${runWhen(run.createdAt)}`;
}

/** `triage · tickets.csv · sim/echo +1 · Dec 7, 12:31`: a run among all runs (tabs, pickers). */
export function runTitle(run: TitledRun, promptName: string): string {
  return `${promptName} · ${runRowLabel(run)}`;
}
