import type { ExtensionServices } from '../services';
import { registerCodeLens } from './code-lens';
import { registerDiagnostics } from './diagnostics';

export interface LanguageFeatures {
  /**
   * Re-reads the last-run summaries shown in the CodeLens. The runs side calls it when a run
   * starts or ends, and once the store is open: lenses never open the store themselves.
   */
  refreshRunSummaries(): void;
}

/** Diagnostics, CodeLens and the editor side of `.prompt` files. */
export function registerLanguageFeatures(services: ExtensionServices): LanguageFeatures {
  registerDiagnostics(services);
  return registerCodeLens(services);
}
