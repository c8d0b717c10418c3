// The dataset preview webview (read-only). It posts `ready` and shows what the host answers;
// every message from the host is validated before it is used.
import './elements';
import { toPreviewMessageSchema, type FromPreviewMessage } from '../../src/shared/dataset-preview-protocol';
import { DatasetPreviewApp } from './components/dataset-preview-app';

interface VsCodeApi {
  postMessage(message: FromPreviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

function start(): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"][href*="codicon.css"]');
  if (link && !link.id) link.id = 'vscode-codicon-stylesheet';
  const api = acquireVsCodeApi();
  const app = new DatasetPreviewApp();
  (document.getElementById('app') ?? document.body).append(app);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = toPreviewMessageSchema.safeParse(event.data);
    if (parsed.success) app.handle(parsed.data);
  });
  api.postMessage({ type: 'ready' });
}

start();
