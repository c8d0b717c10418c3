/** The toolbar: run title and progress, filter, sort, search, compare with a baseline, re-run failed, export and cancel. */
import { html, nothing, type TemplateResult } from 'lit';
import type { ModelView, RunView } from '../../../src/shared/protocol';
import { groupThousands } from '../format';
import type { Progress } from '../results-model';
import type { CellFilter, RowQuery, SortKey } from '../row-query';

export type ExportFormat = 'csv' | 'json' | 'jsonl';

export interface ToolbarProps {
  run: RunView;
  models: readonly ModelView[];
  progress: Progress;
  running: boolean;
  /** Cells the ended run never reached. */
  notRun: number;
  query: RowQuery;
  shownRows: number;
  totalRows: number;
  exportFormat: ExportFormat;
  /** The baseline run compared with, if any. */
  baselineLabel: string | null;
}

export interface ToolbarHandlers {
  onFilter: (filter: CellFilter) => void;
  onSort: (value: string) => void;
  onSearch: (text: string) => void;
  onExportFormat: (format: ExportFormat) => void;
  onExport: () => void;
  onCancel: () => void;
  onCompare: () => void;
  onClearBaseline: () => void;
  onJudgePairwise: () => void;
  onCompareModels: () => void;
  onRerunFailed: () => void;
}

const FILTERS: ReadonlyArray<[CellFilter, string]> = [
  ['all', 'All rows'],
  ['failed', 'Failed'],
  ['errors', 'Errored'],
  ['ungraded', 'Ungraded'],
];

/** Offered while a baseline run is picked. */
const CHANGE_FILTERS: ReadonlyArray<[CellFilter, string]> = [
  ['changed', 'Changed vs baseline'],
  ['improved', 'Improved'],
  ['regressed', 'Regressed'],
];

const SORT_KEYS: ReadonlyArray<[SortKey, string]> = [
  ['score-asc', 'score, lowest first'],
  ['score-desc', 'score, highest first'],
  ['latency-desc', 'latency, slowest first'],
  ['cost-desc', 'cost, highest first'],
];

export const sortValue = (key: SortKey, runModelId: string): string => `${key}|${runModelId}`;

const valueOf = (event: Event): string => (event.target as HTMLInputElement).value;

function progressText(props: ToolbarProps): string {
  return `${groupThousands(props.progress.done)}/${groupThousands(props.progress.total)}`;
}

export function toolbar(props: ToolbarProps, on: ToolbarHandlers): TemplateResult {
  const { run, query } = props;
  const sort = query.sort ? sortValue(query.sort.key, query.sort.runModelId) : 'row';
  return html`<div class="toolbar" role="toolbar" aria-label="Results">
    <div class="run-title">
      <span class="codicon codicon-beaker"></span>
      <span class="run-prompt" title=${run.promptName}>${run.promptName}</span>
      ${run.datasetName ? html`<span class="muted" title=${run.datasetName}>· ${run.datasetName}</span>` : nothing}
      <span class="status status-${run.status}" data-testid="run-status">${run.status}</span>
      ${run.batch
        ? html`<span class="tag tag-batch" data-testid="run-batch" title="Batch run: the cells went through the providers' Batch APIs, at their batch prices (each model's discount is beside its cost)">batch</span>`
        : nothing}
      <span class="progress-text" data-testid="progress" title="Cells done / total">${progressText(props)}</span>
      ${props.notRun > 0
        ? html`<span class="progress-text" data-testid="not-run" title="Cells the run ended before (cancelled, failed, or a model stopped): Re-run failed offers to run them">· ${groupThousands(props.notRun)} not run</span>`
        : nothing}
      ${props.running ? html`<vscode-progress-bar class="run-progress" .value=${props.progress.done} .max=${Math.max(1, props.progress.total)}></vscode-progress-bar>` : nothing}
      ${props.running ? html`<vscode-button secondary icon="debug-stop" data-testid="cancel" @click=${on.onCancel}>Cancel</vscode-button>` : nothing}
    </div>
    <div class="controls">
      <vscode-single-select aria-label="Filter" data-testid="filter" .value=${query.filter} @change=${(e: Event) => on.onFilter(valueOf(e) as CellFilter)}>
        ${[...FILTERS, ...(props.baselineLabel === null ? [] : CHANGE_FILTERS)].map(
          ([value, label]) => html`<vscode-option value=${value} ?selected=${value === query.filter}>${label}</vscode-option>`,
        )}
      </vscode-single-select>
      <vscode-single-select aria-label="Sort" data-testid="sort" .value=${sort} @change=${(e: Event) => on.onSort(valueOf(e))}>
        <vscode-option value="row" ?selected=${sort === 'row'}>Row order</vscode-option>
        ${props.models.flatMap((model) =>
          SORT_KEYS.map(([key, label]) => {
            const value = sortValue(key, model.runModelId);
            return html`<vscode-option value=${value} ?selected=${value === sort}>${model.label}: ${label}</vscode-option>`;
          }),
        )}
      </vscode-single-select>
      <vscode-textfield
        class="search"
        type="search"
        placeholder="Search outputs and rows"
        aria-label="Search outputs and rows"
        data-testid="search"
        .value=${query.search}
        @input=${(e: Event) => on.onSearch(valueOf(e))}
        ><vscode-icon slot="content-before" name="search"></vscode-icon
      ></vscode-textfield>
      <span class="muted shown-rows" data-testid="shown-rows">${groupThousands(props.shownRows)} of ${groupThousands(props.totalRows)} rows</span>
      <span class="spacer"></span>
      ${props.baselineLabel === null
        ? html`<vscode-button secondary icon="git-compare" data-testid="compare" title="Compare with an earlier run of this prompt and dataset" @click=${on.onCompare}>Compare with…</vscode-button>`
        : html`<span class="baseline-chip" data-testid="baseline" title="Compared with the baseline run ${props.baselineLabel}"
            ><span class="codicon codicon-git-compare"></span>vs ${props.baselineLabel}<vscode-icon
              name="close"
              action-icon
              label="Clear baseline"
              data-testid="clear-baseline"
              @click=${on.onClearBaseline}
            ></vscode-icon
          ></span>
          <vscode-button secondary icon="law" data-testid="judge-pairwise" title="Judge each row's two outputs (this run vs the baseline) with a pairwise judge, in both orders" ?disabled=${props.running} @click=${on.onJudgePairwise}
            >Judge pairwise…</vscode-button
          >`}
      ${props.models.length >= 2
        ? html`<vscode-button secondary icon="split-horizontal" data-testid="compare-models" title="Compare two models of this run on the same rows (a paired test)" @click=${on.onCompareModels}>Compare models…</vscode-button>`
        : nothing}
      <vscode-button secondary icon="debug-rerun" data-testid="rerun-failed" title="Run again the cells that errored, failed or are ungraded. Asks first when it costs money; cells that never ran run only if you say so." ?disabled=${props.running} @click=${on.onRerunFailed}
        >Re-run failed</vscode-button
      >
      <vscode-single-select aria-label="Export format" class="export-format" data-testid="export-format" .value=${props.exportFormat} @change=${(e: Event) => on.onExportFormat(valueOf(e) as ExportFormat)}>
        <vscode-option value="csv" ?selected=${props.exportFormat === 'csv'}>CSV</vscode-option>
        <vscode-option value="json" ?selected=${props.exportFormat === 'json'}>JSON</vscode-option>
        <vscode-option value="jsonl" ?selected=${props.exportFormat === 'jsonl'}>JSONL</vscode-option>
      </vscode-single-select>
      <vscode-button secondary icon="export" data-testid="export" @click=${on.onExport}>Export</vscode-button>
    </div>
  </div>`;
}
