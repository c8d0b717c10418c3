/**
 * A value made on first use, once. The provider SDKs are loaded this way (`await import(…)` in
 * `create`): evaluating groq-sdk, the Cerebras SDK with its fetch shims, and openai costs a
 * short CLI run a good part of its start-up, and a run loads only the SDKs of the providers it calls.
 */
export function onFirstUse<T>(create: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= create());
}
