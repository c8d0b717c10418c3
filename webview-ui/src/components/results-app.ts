/**
 * The results panel: toolbar, the virtualized grid (rows = dataset rows, a column group per
 * model) and the grade panel. Host messages go through `handle`; live batches repaint at most
 * once per animation frame.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { assertNever, type ToWebviewMessage } from '../../../src/shared/protocol';
import { ResultsModel } from '../results-model';
import { DEFAULT_QUERY, isIdentityQuery, queryRows, type CellFilter, type RowQuery, type SortKey } from '../row-query';
import type { HostBridge } from '../vscode-api';
import { compareVerdict, modelComparisonVerdict } from './compare-verdict';
import './grade-events'; // the typed save-grade, clear-grade and close-panel events
import { GridRows } from './grid-rows';
import { modelHeader } from './model-header';
import { clampRowColumnWidth, rowColumnResizer } from './row-column-resizer';
import { SelectionController } from './selection-controller';
import { setStyle } from './set-style';
import { toolbar, type ExportFormat } from './toolbar';

export class ResultsApp extends LitElement {
  private host_: HostBridge | null = null;
  private readonly model = new ResultsModel();
  private query: RowQuery = DEFAULT_QUERY;
  private exportFormat: ExportFormat = 'csv';
  private readonly selection = new SelectionController(this, this.model);
  private error: string | null = null;
  /** The last manual grade change, offered for Undo until the next one. */
  private undo: { cellId: string; action: 'saved' | 'cleared' } | null = null;
  private frameRequested = false;
  /** Null until the user resizes the row column: index.css sets it (narrower in a narrow editor). */
  private rowColumnWidth: number | null = null;
  private visible: { key: string; rows: number[] } = { key: '', rows: [] };
  private readonly gridRows = new GridRows({ requestUpdate: () => this.requestUpdate(), visibleRows: () => this.visibleRows(), selection: () => this.selection.selection }, this.model);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  connect(host: HostBridge): void {
    this.host_ = host;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.gridRows.dispose();
  }

  /** One validated message from the host. */
  handle(message: ToWebviewMessage): void {
    switch (message.type) {
      case 'init': {
        const selectedBefore = this.selection.selectedCell()?.id ?? null;
        this.model.init(message.run, message.models, message.rows, message.cells, message.progress);
        this.error = null;
        this.selection.restore(selectedBefore);
        this.requestUpdate();
        break;
      }
      case 'cellsUpdated': {
        this.selection.cellsChanged(this.model.mergeCells(message.cells));
        this.scheduleFrame();
        break;
      }
      case 'runStatus':
        this.model.setStatus(message.status, { done: message.done, total: message.total });
        this.scheduleFrame();
        break;
      case 'cellDetail':
        this.selection.detailArrived(message.detail);
        break;
      case 'showError':
        this.error = message.message;
        this.requestUpdate();
        break;
      case 'baseline':
        this.model.setBaseline(message.baseline);
        if (!message.baseline && ['changed', 'improved', 'regressed'].includes(this.query.filter)) this.query = { ...this.query, filter: 'all' };
        this.requestUpdate();
        break;
      case 'pairwise':
        this.model.pairwise = message.pairwise;
        this.requestUpdate();
        break;
      case 'modelComparison':
        this.model.modelComparison = message.comparison;
        this.requestUpdate();
        break;
      case 'manualGradeUndo':
        this.undo = message.undo;
        this.requestUpdate();
        break;
      default:
        assertNever(message);
    }
  }

  private post(message: Parameters<HostBridge['post']>[0]): void {
    this.host_?.post(message);
  }

  private scheduleFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.requestUpdate();
    });
  }

  /** The selection's view of the host. */
  bridge(): HostBridge | null {
    return this.host_;
  }

  scrollToRow(index: number): void {
    this.gridRows.scrollToIndex(index);
  }

  rowsPerPage(): number {
    return this.gridRows.rowsPerPage(this.querySelector<HTMLElement>('.grid-scroll'));
  }

  /** Row positions in display order; recomputed only when the query or (for a non-trivial query) the cells change. */
  visibleRows(): number[] {
    const identity = isIdentityQuery(this.query);
    const key = identity ? `all:${this.model.rows.length}` : `${JSON.stringify(this.query)}:${this.model.version}`;
    if (this.visible.key !== key) this.visible = { key, rows: identity ? this.model.rows.map((_, i) => i) : queryRows(this.model, this.query) };
    return this.visible.rows;
  }

  private setQuery(change: Partial<RowQuery>): void {
    this.query = { ...this.query, ...change };
    this.requestUpdate();
  }

  private onSort(value: string): void {
    const separator = value.indexOf('|');
    if (value === 'row' || separator < 0) return this.setQuery({ sort: null });
    this.setQuery({ sort: { key: value.slice(0, separator) as SortKey, runModelId: value.slice(separator + 1) } });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('save-grade', (event) => this.post({ type: 'setManualGrade', grade: { cellId: event.detail.cellId, ...event.detail.grade } }));
    this.addEventListener('clear-grade', (event) => this.post({ type: 'clearManualGrade', cellId: event.detail.cellId }));
  }

  private currentRowColumnWidth(): number {
    return this.rowColumnWidth ?? this.querySelector<HTMLElement>('.row-header.corner')?.offsetWidth ?? 200;
  }

  private setRowColumnWidth(width: number): void {
    this.rowColumnWidth = clampRowColumnWidth(width);
    this.requestUpdate();
  }

  private grid(rows: number[]): TemplateResult {
    const models = this.model.models;
    return html`<div
      class="grid-scroll"
      role="grid"
      aria-rowcount=${rows.length}
      aria-colcount=${models.length + 1}
      tabindex="0"
      data-testid="grid"
      @click=${(e: MouseEvent) => this.selection.onGridClick(e)}
      @keydown=${(e: KeyboardEvent) => this.selection.onGridKey(e)}
    >
      <div class="grid-inner" ${setStyle({ '--model-count': String(models.length), ...(this.rowColumnWidth === null ? {} : { '--row-header-width': `${this.rowColumnWidth}px` }) })}>
        <div class="grid-head" role="row">
          <div class="row-header corner" role="columnheader">Row${rowColumnResizer(
            this.rowColumnWidth,
            () => this.currentRowColumnWidth(),
            (width) => this.setRowColumnWidth(width),
          )}</div>
          ${models.map((model) => modelHeader(model, this.model.statsFor(model.runModelId), this.model.comparisonFor(model.runModelId)))}
        </div>
        <!-- the rows: rendered by GridRows, also on their own while scrolling -->
        <div class="grid-body" ${setStyle({ height: `${this.gridRows.totalSize()}px` })}></div>
      </div>
      ${rows.length === 0 ? html`<div class="empty muted" data-testid="empty">No rows match.</div>` : nothing}
    </div>`;
  }

  private panel(): TemplateResult | typeof nothing {
    const { selection, panelOpen, detail } = this.selection;
    if (!panelOpen || !selection) return nothing;
    return html`<refinery-grade-panel
      .data=${{
        cell: this.selection.selectedCell(),
        detail,
        modelLabel: this.model.models[selection.modelIndex]?.label ?? '',
        rowIndex: this.model.rows[selection.rowIndex]?.index ?? selection.rowIndex,
        empty: this.model.emptyCell,
      }}
    ></refinery-grade-panel>`;
  }

  private undoBar(): TemplateResult | typeof nothing {
    const undo = this.undo;
    if (!undo) return nothing;
    const cell = this.model.cellById(undo.cellId);
    const position = cell ? this.model.positionOf(cell) : undefined;
    const where = position ? ` on row #${this.model.rows[position.rowIndex]?.index ?? position.rowIndex}, ${this.model.models[position.modelIndex]?.label ?? ''}` : '';
    return html`<div class="undo-bar" role="status" data-testid="undo-bar">
      <span class="codicon codicon-person"></span><span>Manual grade ${undo.action}${where}.</span>
      <vscode-button secondary icon="discard" data-testid="undo-grade" @click=${() => {
        this.undo = null;
        this.post({ type: 'undoManualGrade', cellId: undo.cellId });
        this.requestUpdate();
      }}>Undo</vscode-button>
      <vscode-icon name="close" action-icon label="Dismiss" @click=${() => {
        this.undo = null;
        this.requestUpdate();
      }}></vscode-icon>
    </div>`;
  }

  protected override render(): TemplateResult {
    const run = this.model.run;
    if (!run) return html`<div class="loading muted" data-testid="loading"><span class="codicon codicon-loading codicon-modifier-spin"></span> Loading results…</div>`;
    const rows = this.visibleRows();
    return html`<div class="app ${this.selection.panelOpen ? 'with-panel' : ''}">
      ${toolbar(
        {
          run,
          models: this.model.models,
          progress: this.model.progress,
          running: this.model.isRunning,
          notRun: this.model.notRunCount,
          query: this.query,
          shownRows: rows.length,
          totalRows: this.model.rows.length,
          exportFormat: this.exportFormat,
          baselineLabel: this.model.baseline?.label ?? null,
        },
        {
          onFilter: (filter: CellFilter) => this.setQuery({ filter }),
          onSort: (value) => this.onSort(value),
          onSearch: (search) => this.setQuery({ search }),
          onExportFormat: (format) => {
            this.exportFormat = format;
          },
          onExport: () => this.post({ type: 'exportResults', format: this.exportFormat }),
          onCancel: () => this.post({ type: 'cancelRun' }),
          onCompare: () => this.post({ type: 'compareWithBaseline' }),
          onClearBaseline: () => this.post({ type: 'clearBaseline' }),
          onJudgePairwise: () => this.post({ type: 'judgePairwise' }),
          onCompareModels: () => this.post({ type: 'compareModels' }),
          onRerunFailed: () => this.post({ type: 'rerunFailed' }),
        },
      )}
      ${compareVerdict(this.model.baseline, this.model.models, this.model.pairwise)}
      ${modelComparisonVerdict(this.model.modelComparison, () => this.post({ type: 'clearModelComparison' }))}
      ${this.undoBar()}
      ${this.error
        ? html`<div class="error-banner" role="alert" data-testid="error-banner">
            <span class="codicon codicon-error"></span><span>${this.error}</span>
            <vscode-icon name="close" action-icon label="Dismiss" @click=${() => {
              this.error = null;
              this.requestUpdate();
            }}></vscode-icon>
          </div>`
        : nothing}
      <div class="main">${this.grid(rows)}${this.panel()}</div>
    </div>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const scroll = this.querySelector<HTMLElement>('.grid-scroll');
    const head = this.querySelector<HTMLElement>('.grid-head');
    if (!scroll || !head) return;
    // A new row count or header height changes which rows are in view: paint again with them.
    if (this.gridRows.afterRender(scroll, head, this.querySelector<HTMLElement>('.grid-body'))) this.requestUpdate();
    else this.selection.revealIfPending();
  }
}

customElements.define('refinery-results', ResultsApp);
