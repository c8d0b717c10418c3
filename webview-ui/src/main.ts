// The results grid webview. It only posts typed messages to the host; it never talks to a
// provider or a database. The grid itself lands with the extension milestone.
import { assertNever, toWebviewMessageSchema } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = toWebviewMessageSchema.safeParse(event.data);
  if (!parsed.success) return;
  const message = parsed.data;
  switch (message.type) {
    case 'init':
    case 'cellsUpdated':
    case 'runStatus':
    case 'cellDetail':
      break;
    case 'showError': {
      const status = document.getElementById('status');
      if (status) status.textContent = message.message;
      break;
    }
    default:
      assertNever(message);
  }
});

vscode.postMessage({ type: 'ready' });
