// The results panel webview. It only posts typed messages to the host; it never talks to a
// provider or a database. Every message from the host is validated before it is used.
import './elements';
import './components/grade-panel';
import { ResultsApp } from './components/results-app';
import { HostInbox, type InboxScheduler } from './host-inbox';
import { connectToHost } from './vscode-api';

/**
 * @vscode-elements' icons find the codicon font through a stylesheet link with this id; the
 * host's HTML builder links `codicon.css` without ids, so name it here.
 */
function nameCodiconStylesheet(): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"][href*="codicon.css"]');
  if (link && !link.id) link.id = 'vscode-codicon-stylesheet';
}

const browserScheduler: InboxScheduler = {
  // A frame's rAF callbacks run before its paint: the timeout runs after it.
  afterPaint: (callback) => requestAnimationFrame(() => setTimeout(callback, 0)),
  later: (callback) => setTimeout(callback, 0),
  now: () => performance.now(),
};

function start(): void {
  nameCodiconStylesheet();
  const host = connectToHost();
  const app = new ResultsApp();
  app.connect(host);
  (document.getElementById('app') ?? document.body).append(app);

  const inbox = new HostInbox((message) => app.handle(message), browserScheduler);
  window.addEventListener('message', (event: MessageEvent<unknown>) => inbox.receive(event.data));
  host.post({ type: 'ready' });
}

start();
