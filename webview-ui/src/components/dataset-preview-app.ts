/**
 * The dataset preview: the dataset's metadata, then its first rows in the results grid's
 * layout (same virtualizer, same grid classes and theme variables), read-only. Every value is
 * rendered as text by lit.
 */
import { LitElement, html, nothing, render, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { assertNever } from '../../../src/shared/protocol';
import type { PreviewColumnView, PreviewDatasetView, ToPreviewMessage } from '../../../src/shared/dataset-preview-protocol';
import { RowVirtualizer } from './row-virtualizer';
import { setStyle } from './set-style';

/** Keep in step with `--row-height` of `.dataset-preview` in dataset-preview.css. */
const PREVIEW_ROW_HEIGHT = 44;

interface Preview {
  dataset: PreviewDatasetView;
  columns: PreviewColumnView[];
  rows: Array<{ index: number; values: string[] }>;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function columnHeader(column: PreviewColumnView, rows: number): TemplateResult {
  return html`<div class="model-header preview-column" role="columnheader" data-testid="column-header" title=${`${column.name}: looks like ${column.type} in the first ${rows} rows; ${column.empty} empty`}>
    <div class="model-title"><span class="model-label">${column.name}</span></div>
    <div class="model-stats">
      <span class="column-type" data-testid="column-type">${column.type}</span>
      <span class=${column.empty > 0 ? 'column-empty has-empty' : 'column-empty'} data-testid="column-empty"><strong>${column.empty}</strong> empty</span>
    </div>
  </div>`;
}

export class DatasetPreviewApp extends LitElement {
  private preview: Preview | null = null;
  private error: string | null = null;
  private readonly rowVirtualizer = new RowVirtualizer(() => this.renderRows(), PREVIEW_ROW_HEIGHT);
  private headerHeight = 0;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.rowVirtualizer.dispose();
  }

  handle(message: ToPreviewMessage): void {
    switch (message.type) {
      case 'preview':
        this.preview = { dataset: message.dataset, columns: message.columns, rows: message.rows };
        this.error = null;
        break;
      case 'showError':
        this.error = message.message;
        break;
      default:
        assertNever(message);
    }
    this.requestUpdate();
  }

  private renderRows(): void {
    const body = this.querySelector<HTMLElement>('.grid-body');
    const preview = this.preview;
    if (!body || !preview) return;
    const margin = this.rowVirtualizer.scrollMargin();
    render(
      html`${repeat(
        this.rowVirtualizer.items(),
        (item) => item.index,
        (item) => {
          const row = preview.rows[item.index];
          if (!row) return nothing;
          return html`<div class="grid-row" role="row" aria-rowindex=${item.index + 1} data-testid="preview-row" ${setStyle({ transform: `translateY(${item.start - margin}px)` })}>
            <div class="row-header" role="rowheader"><span class="row-index">#${row.index}</span></div>
            ${row.values.map((value) => html`<div class="cell preview-cell" role="gridcell"><div class="cell-output">${value}</div></div>`)}
          </div>`;
        },
      )}`,
      body,
    );
  }

  private meta(dataset: PreviewDatasetView, shown: number): TemplateResult {
    const fact = (label: string, value: string, testId: string) => html`<span class="preview-fact"><span class="muted">${label}</span> <strong data-testid=${testId}>${value}</strong></span>`;
    return html`<div class="toolbar preview-meta" data-testid="preview-meta">
      <span class="codicon codicon-table"></span>
      <span class="preview-name" data-testid="preview-name">${dataset.name}</span>
      ${fact('version', String(dataset.version), 'preview-version')}
      ${fact('source', dataset.source, 'preview-source')}
      ${fact('rows', dataset.rowCount.toLocaleString(), 'preview-rows')}
      ${fact('size', dataset.size, 'preview-size')}
      ${fact('imported', dateFormat.format(new Date(dataset.importedAt)), 'preview-imported')}
      ${fact('runs', String(dataset.runCount), 'preview-runs')}
      <span class="muted" data-testid="preview-shown">showing the first ${shown.toLocaleString()} of ${dataset.rowCount.toLocaleString()} rows · read-only</span>
    </div>`;
  }

  protected override render(): TemplateResult {
    if (this.error) {
      return html`<div class="error-banner" role="alert" data-testid="error-banner"><span class="codicon codicon-error"></span><span>${this.error}</span></div>`;
    }
    const preview = this.preview;
    if (!preview) return html`<div class="loading muted" data-testid="loading"><span class="codicon codicon-loading codicon-modifier-spin"></span> Loading the dataset…</div>`;
    return html`<div class="app dataset-preview">
      ${this.meta(preview.dataset, preview.rows.length)}
      <div class="main">
        <div class="grid-scroll" role="grid" aria-readonly="true" aria-rowcount=${preview.rows.length} aria-colcount=${preview.columns.length + 1} tabindex="0" data-testid="grid">
          <div class="grid-inner" ${setStyle({ '--model-count': String(Math.max(1, preview.columns.length)) })}>
            <div class="grid-head" role="row">
              <div class="row-header corner" role="columnheader">Row</div>
              ${preview.columns.map((column) => columnHeader(column, preview.rows.length))}
            </div>
            <div class="grid-body" ${setStyle({ height: `${this.rowVirtualizer.totalSize()}px` })}></div>
          </div>
          ${preview.rows.length === 0 ? html`<div class="empty muted" data-testid="empty">The dataset has no rows.</div>` : nothing}
        </div>
      </div>
    </div>`;
  }

  protected override updated(): void {
    const scroll = this.querySelector<HTMLElement>('.grid-scroll');
    const head = this.querySelector<HTMLElement>('.grid-head');
    if (!scroll || !head || !this.preview) return;
    this.headerHeight = head.offsetHeight;
    const changed = this.rowVirtualizer.sync(scroll, this.preview.rows.length, this.headerHeight);
    this.renderRows();
    if (changed) this.requestUpdate();
  }
}

customElements.define('refinery-dataset-preview', DatasetPreviewApp);
