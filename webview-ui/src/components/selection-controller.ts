/**
 * Which cell of the grid is selected and whether its grade panel is open: mouse and keyboard
 * moves, asking the host for the cell's detail, and keeping the selection across a reload (the
 * webview's saved state) or a re-init (the cell may arrive in a later batch).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CellDetailView, CellView } from '../../../src/shared/protocol';
import type { ResultsModel } from '../results-model';
import type { HostBridge } from '../vscode-api';

export interface Selection {
  /** Position in `model.rows` (dataset order), not in the filtered view. */
  rowIndex: number;
  modelIndex: number;
}

/** What the selection needs of the results app. */
export interface SelectionHost extends ReactiveControllerHost, HTMLElement {
  bridge(): HostBridge | null;
  /** Row positions in display order (the query applied). */
  visibleRows(): number[];
  /** Whole rows that fit in the grid's view. */
  rowsPerPage(): number;
  /** Scrolls the row at this display index into view. */
  scrollToRow(index: number): void;
}

export class SelectionController implements ReactiveController {
  selection: Selection | null = null;
  panelOpen = false;
  /** The host's detail of the selected cell; null until it answers. */
  detail: CellDetailView | null = null;
  /** Scroll the selection into view once the rows it needs are laid out. */
  revealPending = false;
  /** A cell to re-select that has not arrived yet: `init` carries only the first screens' cells, the rest follow in batches. */
  private restorePendingId: string | null = null;

  constructor(
    private readonly host: SelectionHost,
    private readonly model: ResultsModel,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('keydown', this.onKeyDown);
    this.host.addEventListener('close-panel', this.onClosePanel);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('keydown', this.onKeyDown);
    this.host.removeEventListener('close-panel', this.onClosePanel);
  }

  selectedCell(): CellView | undefined {
    return this.selection ? this.model.cellAt(this.selection.rowIndex, this.selection.modelIndex) : undefined;
  }

  /** After `init`: re-select the cell selected before a re-init, or saved before a reload. */
  restore(selectedBefore: string | null): void {
    const run = this.model.run;
    if (!run) return;
    const saved = this.host.bridge()?.restoredState();
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

  /** Cells arrived or changed: re-select the awaited one, or refresh the open panel when its cell changed. */
  cellsChanged(kept: readonly CellView[]): void {
    if (this.restorePendingId !== null && kept.some((cell) => cell.id === this.restorePendingId)) {
      this.restore(null); // asks for the detail itself
      return;
    }
    const selected = this.selectedCell();
    // The open panel shows the latest: ask again when its cell changed (a manual grade saved, a pending cell done).
    if (this.panelOpen && selected && kept.some((cell) => cell.id === selected.id)) this.requestDetail();
  }

  /** The host's answer to `selectCell`, if it is still about the selected cell. */
  detailArrived(detail: CellDetailView): void {
    if (detail.cell.id !== this.selectedCell()?.id) return;
    this.detail = detail;
    this.host.requestUpdate();
  }

  select(selection: Selection, open: boolean): void {
    this.restorePendingId = null;
    const changed = selection.rowIndex !== this.selection?.rowIndex || selection.modelIndex !== this.selection?.modelIndex;
    this.selection = selection;
    if (changed) this.detail = null;
    if (open) this.panelOpen = true;
    if (this.panelOpen && (changed || open)) this.requestDetail();
    this.saveState();
    this.host.requestUpdate();
    this.revealPending = true;
  }

  closePanel(): void {
    this.panelOpen = false;
    this.detail = null;
    this.host.requestUpdate();
    this.host.querySelector<HTMLElement>('.grid-scroll')?.focus();
  }

  /** After a render: scroll to the selection if a move asked for it. */
  revealIfPending(): void {
    if (!this.revealPending) return;
    this.revealPending = false;
    if (!this.selection) return;
    const index = this.host.visibleRows().indexOf(this.selection.rowIndex);
    if (index >= 0) this.host.scrollToRow(index);
  }

  onGridClick(event: MouseEvent): void {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-model]');
    if (!target) return;
    this.select({ rowIndex: Number(target.dataset.row), modelIndex: Number(target.dataset.model) }, true);
  }

  onGridKey(event: KeyboardEvent): void {
    const rows = this.host.visibleRows();
    const models = this.model.models.length;
    if (rows.length === 0 || models === 0) return;
    const current = this.selection;
    const at = current ? Math.max(0, rows.indexOf(current.rowIndex)) : -1;
    const column = current?.modelIndex ?? 0;
    const page = () => this.host.rowsPerPage();
    const moves: Record<string, () => Selection> = {
      ArrowDown: () => ({ rowIndex: rows[Math.min(rows.length - 1, at + 1)]!, modelIndex: column }),
      ArrowUp: () => ({ rowIndex: rows[Math.max(0, at - 1)]!, modelIndex: column }),
      ArrowRight: () => ({ rowIndex: rows[Math.max(0, at)]!, modelIndex: Math.min(models - 1, column + 1) }),
      ArrowLeft: () => ({ rowIndex: rows[Math.max(0, at)]!, modelIndex: Math.max(0, column - 1) }),
      Home: () => ({ rowIndex: rows[0]!, modelIndex: column }),
      End: () => ({ rowIndex: rows[rows.length - 1]!, modelIndex: column }),
      // a page moves the selection with the view, so Enter opens the cell the user sees
      PageDown: () => ({ rowIndex: rows[Math.min(rows.length - 1, Math.max(0, at) + page())]!, modelIndex: column }),
      PageUp: () => ({ rowIndex: rows[Math.max(0, at - page())]!, modelIndex: column }),
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

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.panelOpen && !(event.target as HTMLElement).closest('.grid-scroll')) {
      event.preventDefault();
      this.closePanel();
    }
  };

  private readonly onClosePanel = (): void => this.closePanel();

  private requestDetail(): void {
    const cell = this.selectedCell();
    if (cell) this.host.bridge()?.post({ type: 'selectCell', cellId: cell.id });
  }

  private saveState(): void {
    const run = this.model.run;
    if (run) this.host.bridge()?.saveState({ runId: run.runId, selectedCellId: this.selectedCell()?.id ?? null });
  }
}
