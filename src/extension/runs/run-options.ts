import type { RunSessionOptions } from '../../core/run/run-session';
import type { RefinerySettings } from '../settings-schema';

/** The editor's side of a run session: its settings are the settings layer; it offers no per-run choice of limits yet. */
export function editorRunOptions(settings: Pick<RefinerySettings, 'concurrency' | 'requestTimeoutMs'>, workspaceRoot: string | undefined): RunSessionOptions {
  return {
    ...(workspaceRoot !== undefined && { workspaceRoot }),
    settings: { concurrency: settings.concurrency, timeoutMs: settings.requestTimeoutMs },
  };
}
