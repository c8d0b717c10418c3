/**
 * The grid's rows, virtualized with @tanstack/virtual-core: only the rows in view (plus a few)
 * are in the DOM, so 100,000 cells scroll like 100. Rows have one fixed height.
 */
import {
  Virtualizer,
  elementScroll,
  observeElementOffset,
  observeElementRect,
  type VirtualItem,
} from '@tanstack/virtual-core';

/** Keep in step with `--row-height` in index.css. */
export const ROW_HEIGHT = 88;
const OVERSCAN = 4;

export class RowVirtualizer {
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private scrollElement: HTMLElement | null = null;
  private unmount: (() => void) | null = null;

  /** `rowHeight`: keep in step with the `--row-height` of the grid it lays out. */
  constructor(onChange: () => void, rowHeight = ROW_HEIGHT) {
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.scrollElement,
      estimateSize: () => rowHeight,
      overscan: OVERSCAN,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      onChange,
    });
  }

  /** Call after each render with the scroll element, the row count and the header height above the rows. */
  /** Returns true when the rows in view may have changed (paint again). */
  sync(scrollElement: HTMLElement, count: number, scrollMargin: number): boolean {
    const options = this.virtualizer.options;
    const changed = this.scrollElement !== scrollElement || options.count !== count || options.scrollMargin !== scrollMargin;
    if (changed) {
      this.scrollElement = scrollElement;
      this.virtualizer.setOptions({ ...options, count, scrollMargin });
    }
    if (!this.unmount) this.unmount = this.virtualizer._didMount();
    this.virtualizer._willUpdate();
    return changed;
  }

  items(): VirtualItem[] {
    return this.virtualizer.getVirtualItems();
  }

  totalSize(): number {
    return this.virtualizer.getTotalSize();
  }

  scrollMargin(): number {
    return this.virtualizer.options.scrollMargin;
  }

  scrollToIndex(index: number): void {
    this.virtualizer.scrollToIndex(index, { align: 'auto' });
  }

  dispose(): void {
    this.unmount?.();
    this.unmount = null;
  }
}
