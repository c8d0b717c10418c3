/**
 * The results panel: toolbar, the virtualized grid (rows = dataset rows, a column group per
 * model) and the grade panel. Host messages go through `handle`; live batches repaint at most
 * once per animation frame.
 */
import { LitElement, html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { assertNever, type CellDetailView, type CellView, type ToWebviewMessage } from '../../../src/shared/protocol';
import { ResultsModel } from '../results-model';
import { DEFAULT_QUERY, isIdentityQuery, queryRows, type CellFilter, type RowQuery, type SortKey } from '../row-query';
import type { HostBridge } from '../vscode-api';
import type { ClearGradeEvent, SaveGradeEvent } from './grade-panel';
import { compareVerdict, modelComparisonVerdict } from './compare-verdict';
import { gridCell } from './grid-cell';
import { modelHeader } from './model-header';
import { ROW_HEIGHT, RowVirtualizer } from './row-virtualizer';
import { setStyle } from './set-style';
import { toolbar, type ExportFormat } from './toolbar';

interface Selection {
  /** Position in `model.rows` (dataset order), not in the filtered view. */
  rowIndex: number;
  modelIndex: number;
}

const ROW_VALUES_SHOWN = 3;
/** The bounds of a resize of the row column, in px. */
const ROW_COLUMN_WIDTH = { min: 120, max: 720 };

export class ResultsApp extends LitElement {
  private host_: HostBridge | null = null;
  private readonly model = new ResultsModel();
  private query: RowQuery = DEFAULT_QUERY;
  private exportFormat: ExportFormat = 'csv';
  private selection: Selection | null = null;
  private panelOpen = false;
  private detail: CellDetailView | null = null;
  private error: string | null = null;
  /** The last manual grade change, offered for Undo until the next one. */
  private undo: { cellId: string; action: 'saved' | 'cleared' } | null = null;
  private frameRequested = false;
  /** Null until the user resizes the row column: index.css sets it (narrower in a narrow editor). */
  private rowColumnWidth: number | null = null;
  private visible: { key: string; rows: number[] } = { key: '', rows: [] };
  private readonly rowVirtualizer = new RowVirtualizer(() => this.queueRowsRender());
  private rowsRenderQueued = false;
  private gridBody: HTMLElement | null = null;
  private headerHeight = 0;
  /** Scroll the selection into view once the rows it needs are laid out. */
  private revealPending = false;
  /** A cell to re-select that has not arrived yet: `init` carries only the first screens' cells, the rest follow in batches. */
  private restorePendingId: string | null = null;
  private observedHead: HTMLElement | null = null;
  private headerObserver: ResizeObserver | null = null;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  connect(host: HostBridge): void {
    this.host_ = host;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.rowVirtualizer.dispose();
    this.headerObserver?.disconnect();
  }

  /** One validated message from the host. */
  handle(message: ToWebviewMessage): void {
    switch (message.type) {
      case 'init': {
        const selectedBefore = this.selectedCell()?.id ?? null;
        this.model.init(message.run, message.models, message.rows, message.cells, message.progress);
        this.error = null;
        this.restoreSelection(selectedBefore);
        this.requestUpdate();
        break;
      }
      case 'cellsUpdated': {
        const kept = this.model.mergeCells(message.cells);
        const restoring = this.restorePendingId !== null && kept.some((cell) => cell.id === this.restorePendingId);
        const selected = restoring ? undefined : this.selectedCell();
        // Restoring asks for the detail itself.
        if (restoring) this.restoreSelection(null);
        // The open panel shows the latest: ask again when its cell changed (a manual grade saved, a pending cell done).
        else if (this.panelOpen && selected && kept.some((cell) => cell.id === selected.id)) this.requestDetail();
        this.scheduleFrame();
        break;
      }
      case 'runStatus':
        this.model.setStatus(message.status, { done: message.done, total: message.total });
        this.scheduleFrame();
        break;
      case 'cellDetail':
        if (message.detail.cell.id === this.selectedCell()?.id) {
          this.detail = message.detail;
          this.requestUpdate();
        }
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

  private selectedCell(): CellView | undefined {
    return this.selection ? this.model.cellAt(this.selection.rowIndex, this.selection.modelIndex) : undefined;
  }

  private saveState(): void {
    const run = this.model.run;
    if (run) this.host_?.saveState({ runId: run.runId, selectedCellId: this.selectedCell()?.id ?? null });
  }

  /** After `init`: re-select the cell selected before a re-init, or saved before a reload. */
  private restoreSelection(selectedBefore: string | null): void {
    const run = this.model.run;
    if (!run) return;
    const saved = this.host_?.restoredState();
    const previousId = this.restorePendingId ?? selectedBefore ?? (saved?.runId === run.runId ? saved.selectedCellId : null);
    const cell = previousId ? this.model.cellById(previousId) : undefined;
    const position = cell ? this.model.positionOf(cell) : undefined;
    this.restorePendingId = previousId && !position ? previousId : null;
    this.selection = position ?? null;
    this.panelOpen = position !== undefined;
    this.detail = null;
    if (position) {
      this.requestDetail();
      this.revealPending = true;
    }
    // Keep the saved selection while its cell is still on its way.
    if (this.restorePendingId === null) this.saveState();
  }

  private requestDetail(): void {
    const cell = this.selectedCell();
    if (cell) this.post({ type: 'selectCell', cellId: cell.id });
  }

  private select(selection: Selection, open: boolean): void {
    this.restorePendingId = null;
    const changed = selection.rowIndex !== this.selection?.rowIndex || selection.modelIndex !== this.selection?.modelIndex;
    this.selection = selection;
    if (changed) this.detail = null;
    if (open) this.panelOpen = true;
    if (this.panelOpen && (changed || open)) this.requestDetail();
    this.saveState();
    this.requestUpdate();
    this.revealPending = true;
  }

  private closePanel(): void {
    this.panelOpen = false;
    this.detail = null;
    this.requestUpdate();
    this.querySelector<HTMLElement>('.grid-scroll')?.focus();
  }

  private revealSelection(): void {
    if (!this.selection) return;
    const index = this.visibleRows().indexOf(this.selection.rowIndex);
    if (index >= 0) this.rowVirtualizer.scrollToIndex(index);
  }

  /** Row positions in display order; recomputed only when the query or (for a non-trivial query) the cells change. */
  private visibleRows(): number[] {
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

  private onGridClick(event: MouseEvent): void {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-model]');
    if (!target) return;
    this.select({ rowIndex: Number(target.dataset.row), modelIndex: Number(target.dataset.model) }, true);
  }

  private onGridKey(event: KeyboardEvent): void {
    const rows = this.visibleRows();
    const models = this.model.models.length;
    if (rows.length === 0 || models === 0) return;
    const current = this.selection;
    const at = current ? Math.max(0, rows.indexOf(current.rowIndex)) : -1;
    const column = current?.modelIndex ?? 0;
    const moves: Record<string, () => Selection> = {
      ArrowDown: () => ({ rowIndex: rows[Math.min(rows.length - 1, at + 1)]!, modelIndex: column }),
      ArrowUp: () => ({ rowIndex: rows[Math.max(0, at - 1)]!, modelIndex: column }),
      ArrowRight: () => ({ rowIndex: rows[Math.max(0, at)]!, modelIndex: Math.min(models - 1, column + 1) }),
      ArrowLeft: () => ({ rowIndex: rows[Math.max(0, at)]!, modelIndex: Math.max(0, column - 1) }),
      Home: () => ({ rowIndex: rows[0]!, modelIndex: column }),
      End: () => ({ rowIndex: rows[rows.length - 1]!, modelIndex: column }),
      // a page moves the selection with the view, so Enter opens the cell the user sees
      PageDown: () => ({ rowIndex: rows[Math.min(rows.length - 1, Math.max(0, at) + this.rowsPerPage())]!, modelIndex: column }),
      PageUp: () => ({ rowIndex: rows[Math.max(0, at - this.rowsPerPage())]!, modelIndex: column }),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      this.select(move(), false);
    } else if (event.key === 'Enter' && current) {
      event.preventDefault();
      this.select(current, true);
    } else if (event.key === 'Escape' && this.panelOpen) {
      event.preventDefault();
      this.closePanel();
    }
  }

  /** Whole rows that fit under the sticky header (at least one). */
  private rowsPerPage(): number {
    const scroll = this.querySelector<HTMLElement>('.grid-scroll');
    return Math.max(1, Math.floor(((scroll?.clientHeight ?? 0) - this.headerHeight) / ROW_HEIGHT));
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.panelOpen && !(event.target as HTMLElement).closest('.grid-scroll')) {
      event.preventDefault();
      this.closePanel();
    }
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKeyDown);
    this.addEventListener('close-panel', () => this.closePanel());
    this.addEventListener('save-grade', (event) => {
      const { cellId, grade } = (event as SaveGradeEvent).detail;
      this.post({ type: 'setManualGrade', grade: { cellId, ...grade } });
    });
    this.addEventListener('clear-grade', (event) => this.post({ type: 'clearManualGrade', cellId: (event as ClearGradeEvent).detail.cellId }));
  }

  private rowHeader(rowIndex: number): TemplateResult {
    const row = this.model.rows[rowIndex]!;
    const values = Object.entries(row.values).slice(0, ROW_VALUES_SHOWN);
    return html`<div class="row-header" role="rowheader">
      <span class="row-index">#${row.index}</span>
      ${values.map(([key, value]) => html`<span class="row-value" title="${key}: ${value}"><span class="muted">${key}</span> ${value}</span>`)}
    </div>`;
  }

  private rowCells(rowIndex: number, selectedModel: number): TemplateResult {
    return html`${this.rowHeader(rowIndex)}
      ${this.model.models.map((_, modelIndex) =>
        gridCell(this.model.cellAt(rowIndex, modelIndex), { rowIndex, modelIndex, selected: modelIndex === selectedModel, mark: this.model.markAt(rowIndex, modelIndex), empty: this.model.emptyCell }),
      )}`;
  }

  /** The rows in view, keyed by dataset row: rows still in view keep their DOM while scrolling, only a new transform. */
  private rowsTemplate(rows: number[]): TemplateResult {
    const models = this.model.models;
    const margin = this.rowVirtualizer.scrollMargin();
    const selection = this.selection;
    return html`${repeat(
      this.rowVirtualizer.items(),
      (item) => rows[item.index] ?? -1 - item.index,
      (item) => {
        const rowIndex = rows[item.index];
        if (rowIndex === undefined) return nothing;
        const selectedModel = selection?.rowIndex === rowIndex ? selection.modelIndex : -1;
        // A row still in view while scrolling is not rendered again: only its cells, the models or its selection change it.
        return html`<div class="grid-row" role="row" aria-rowindex=${item.index + 1} data-row-index=${rowIndex} ${setStyle({ transform: `translateY(${item.start - margin}px)` })}>
          ${guard([rowIndex, this.model.version, models, selectedModel], () => this.rowCells(rowIndex, selectedModel))}
        </div>`;
      },
    )}`;
  }

  /**
   * Renders the rows into the grid body: after each render of the app, and on its own when only
   * the rows in view changed (scrolling), so a scroll frame never renders the toolbar and headers.
   */
  private queueRowsRender(): void {
    if (this.rowsRenderQueued) return;
    this.rowsRenderQueued = true;
    // one render for all the virtualizer's changes of this task (offset, size, scrolling state)
    queueMicrotask(() => {
      this.rowsRenderQueued = false;
      this.renderRows();
    });
  }

  private renderRows(): void {
    const body = this.gridBody;
    if (!body?.isConnected || !this.model.run) return;
    render(this.rowsTemplate(this.visibleRows()), body);
  }

  private currentRowColumnWidth(): number {
    return this.rowColumnWidth ?? this.querySelector<HTMLElement>('.row-header.corner')?.offsetWidth ?? 200;
  }

  private setRowColumnWidth(width: number): void {
    this.rowColumnWidth = Math.round(Math.min(ROW_COLUMN_WIDTH.max, Math.max(ROW_COLUMN_WIDTH.min, width)));
    this.requestUpdate();
  }

  /** The row column's right edge: drag it, or focus it and press ←/→ (Shift for bigger steps). */
  private rowColumnResizer(): TemplateResult {
    const onPointerDown = (event: PointerEvent) => {
      const handle = event.currentTarget as HTMLElement;
      const startX = event.clientX;
      const startWidth = this.currentRowColumnWidth();
      handle.setPointerCapture(event.pointerId);
      const move = (e: PointerEvent) => this.setRowColumnWidth(startWidth + e.clientX - startX);
      const stop = () => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', stop);
        handle.removeEventListener('pointercancel', stop);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', stop);
      handle.addEventListener('pointercancel', stop);
      event.preventDefault();
    };
    const onKey = (event: KeyboardEvent) => {
      const step = event.shiftKey ? 80 : 20;
      const by = event.key === 'ArrowRight' ? step : event.key === 'ArrowLeft' ? -step : 0;
      if (by === 0) return;
      event.preventDefault();
      event.stopPropagation(); // not a move of the selection
      this.setRowColumnWidth(this.currentRowColumnWidth() + by);
    };
    return html`<div
      class="column-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Width of the row column"
      aria-valuemin=${ROW_COLUMN_WIDTH.min}
      aria-valuemax=${ROW_COLUMN_WIDTH.max}
      aria-valuenow=${this.rowColumnWidth ?? nothing}
      title="Drag (or focus and press ←/→) to resize the row column"
      tabindex="0"
      data-testid="row-column-resizer"
      @pointerdown=${onPointerDown}
      @keydown=${onKey}
      @click=${(e: Event) => e.stopPropagation()}
    ></div>`;
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
      @click=${(e: MouseEvent) => this.onGridClick(e)}
      @keydown=${(e: KeyboardEvent) => this.onGridKey(e)}
    >
      <div class="grid-inner" ${setStyle({ '--model-count': String(models.length), ...(this.rowColumnWidth === null ? {} : { '--row-header-width': `${this.rowColumnWidth}px` }) })}>
        <div class="grid-head" role="row">
          <div class="row-header corner" role="columnheader">Row${this.rowColumnResizer()}</div>
          ${models.map((model) => modelHeader(model, this.model.statsFor(model.runModelId), this.model.comparisonFor(model.runModelId)))}
        </div>
        <!-- the rows: rendered by renderRows(), also on their own while scrolling -->
        <div class="grid-body" ${setStyle({ height: `${this.rowVirtualizer.totalSize()}px` })}></div>
      </div>
      ${rows.length === 0 ? html`<div class="empty muted" data-testid="empty">No rows match.</div>` : nothing}
    </div>`;
  }

  private panel(): TemplateResult | typeof nothing {
    const selection = this.selection;
    if (!this.panelOpen || !selection) return nothing;
    return html`<refinery-grade-panel
      .data=${{
        cell: this.selectedCell(),
        detail: this.detail,
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
    return html`<div class="app ${this.panelOpen ? 'with-panel' : ''}">
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
    this.gridBody = this.querySelector<HTMLElement>('.grid-body');
    if (!scroll || !head) return;
    this.watchHeaderHeight(head);
    // A new row count or header height changes which rows are in view: paint again with them.
    const rowsMayHaveChanged = this.rowVirtualizer.sync(scroll, this.visibleRows().length, this.headerHeight);
    this.renderRows();
    if (rowsMayHaveChanged) this.requestUpdate();
    else if (this.revealPending) {
      this.revealPending = false;
      this.revealSelection();
    }
  }

  /** The rows start below the sticky header; its height is observed rather than read (a read forces layout every frame). */
  private watchHeaderHeight(head: HTMLElement): void {
    if (this.observedHead === head) return;
    this.headerObserver?.disconnect();
    this.observedHead = head;
    this.headerHeight = head.offsetHeight;
    this.headerObserver = new ResizeObserver(() => {
      if (head.offsetHeight === this.headerHeight) return;
      this.headerHeight = head.offsetHeight;
      this.requestUpdate();
    });
    this.headerObserver.observe(head);
  }
}

customElements.define('refinery-results', ResultsApp);
