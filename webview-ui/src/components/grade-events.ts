/**
 * The events the grade panel sends up to the results app, typed once here: listeners get the
 * detail's type from `HTMLElementEventMap`, with no lookup by string and no cast.
 */
import type { ManualGradeInput } from './manual-grade-form';

export interface SaveGradeDetail {
  cellId: string;
  grade: ManualGradeInput;
}

export interface ClearGradeDetail {
  cellId: string;
}

declare global {
  interface HTMLElementEventMap {
    'save-grade': CustomEvent<SaveGradeDetail>;
    'clear-grade': CustomEvent<ClearGradeDetail>;
    'close-panel': CustomEvent<null>;
  }
}

export const saveGradeEvent = (detail: SaveGradeDetail) => new CustomEvent('save-grade', { detail, bubbles: true });
export const clearGradeEvent = (detail: ClearGradeDetail) => new CustomEvent('clear-grade', { detail, bubbles: true });
export const closePanelEvent = () => new CustomEvent('close-panel', { detail: null, bubbles: true });
