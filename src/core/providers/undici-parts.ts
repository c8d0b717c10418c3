/**
 * undici's Agent and errors, from their own files rather than from the package's index: the
 * index also loads fetch, WebSocket, EventSource, the cache and mock layers and, through them,
 * Node's web streams, which is half of undici's load time and a good part of a short CLI run's
 * start-up. The providers use the Agent's `dispatch` only (`dispatch-fetch.ts`); undici's own
 * fetch is loaded when the `fetch` engine is chosen.
 */
import Agent from 'undici/lib/dispatcher/agent.js';
import errors from 'undici/lib/core/errors.js';

export { Agent, errors };
