/** The row column's right edge: drag it, or focus it and press ←/→ (Shift for bigger steps). */
import { html, nothing, type TemplateResult } from 'lit';

/** The bounds of a resize of the row column, in px. */
export const ROW_COLUMN_WIDTH = { min: 120, max: 720 };

export function clampRowColumnWidth(width: number): number {
  return Math.round(Math.min(ROW_COLUMN_WIDTH.max, Math.max(ROW_COLUMN_WIDTH.min, width)));
}

/**
 * `width` is null until the user resizes (index.css sets it then); `measure` reads the column's
 * width as laid out; `resize` gets the wanted width (clamp it with `clampRowColumnWidth`).
 */
export function rowColumnResizer(width: number | null, measure: () => number, resize: (width: number) => void): TemplateResult {
  const onPointerDown = (event: PointerEvent) => {
    const handle = event.currentTarget as HTMLElement;
    const startX = event.clientX;
    const startWidth = measure();
    handle.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => resize(startWidth + e.clientX - startX);
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
    resize(measure() + by);
  };
  return html`<div
    class="column-resizer"
    role="separator"
    aria-orientation="vertical"
    aria-label="Width of the row column"
    aria-valuemin=${ROW_COLUMN_WIDTH.min}
    aria-valuemax=${ROW_COLUMN_WIDTH.max}
    aria-valuenow=${width ?? nothing}
    title="Drag (or focus and press ←/→) to resize the row column"
    tabindex="0"
    data-testid="row-column-resizer"
    @pointerdown=${onPointerDown}
    @keydown=${onKey}
    @click=${(e: Event) => e.stopPropagation()}
  ></div>`;
}
