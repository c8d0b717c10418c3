/**
 * The grid's rows: only those in view are in the DOM (see `RowVirtualizer`), rendered into the
 * grid body on their own while scrolling, so a scroll frame never renders the toolbar and headers.
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ResultsModel } from '../results-model';
import { gridCell } from './grid-cell';
import { ROW_HEIGHT, RowVirtualizer } from './row-virtualizer';
import type { Selection } from './selection-controller';
import { setStyle } from './set-style';

const ROW_VALUES_SHOWN = 3;

export interface GridRowsHost {
  requestUpdate(): void;
  visibleRows(): number[];
  selection(): Selection | null;
}

export class GridRows {
  private readonly virtualizer = new RowVirtualizer(() => this.queueRender());
  private renderQueued = false;
  private body: HTMLElement | null = null;
  private headerHeight = 0;
  private observedHead: HTMLElement | null = null;
  private headerObserver: ResizeObserver | null = null;

  constructor(
    private readonly host: GridRowsHost,
    private readonly model: ResultsModel,
  ) {}

  dispose(): void {
    this.virtualizer.dispose();
    this.headerObserver?.disconnect();
  }

  /** The grid body's height: every row, in view or not. */
  totalSize(): number {
    return this.virtualizer.totalSize();
  }

  scrollToIndex(index: number): void {
    this.virtualizer.scrollToIndex(index);
  }

  /** Whole rows that fit under the sticky header (at least one). */
  rowsPerPage(scroll: HTMLElement | null): number {
    return Math.max(1, Math.floor(((scroll?.clientHeight ?? 0) - this.headerHeight) / ROW_HEIGHT));
  }

  /**
   * After the app rendered: follows the grid's elements, paints the rows in view, and says whether
   * they may have changed (a new row count or header height), so the app renders again.
   */
  afterRender(scroll: HTMLElement, head: HTMLElement, body: HTMLElement | null): boolean {
    this.body = body;
    this.watchHeaderHeight(head);
    const rowsMayHaveChanged = this.virtualizer.sync(scroll, this.host.visibleRows().length, this.headerHeight);
    this.render();
    return rowsMayHaveChanged;
  }

  /** One render for all the virtualizer's changes of this task (offset, size, scrolling state). */
  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private render(): void {
    const body = this.body;
    if (!body?.isConnected || !this.model.run) return;
    render(this.rowsTemplate(this.host.visibleRows()), body);
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
      this.host.requestUpdate();
    });
    this.headerObserver.observe(head);
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
    const margin = this.virtualizer.scrollMargin();
    const selection = this.host.selection();
    return html`${repeat(
      this.virtualizer.items(),
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
}
