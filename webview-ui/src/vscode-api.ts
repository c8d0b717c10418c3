/** The typed bridge to the extension host: only protocol messages go out, only valid state comes back. */
import { webviewStateSchema, type FromWebviewMessage, type WebviewState } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface HostBridge {
  post(message: FromWebviewMessage): void;
  /** The state saved before a reload, or undefined when there is none (or it is not ours). */
  restoredState(): WebviewState | undefined;
  saveState(state: WebviewState): void;
}

export function connectToHost(): HostBridge {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    restoredState: () => {
      const parsed = webviewStateSchema.safeParse(api.getState());
      return parsed.success ? parsed.data : undefined;
    },
    saveState: (state) => api.setState(state),
  };
}
