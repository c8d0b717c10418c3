/**
 * The one error type for bad input that a user can fix. The CLI prints it without a stack
 * (`formatUserError`); the extension turns it into a diagnostic or a message.
 */
export interface ErrorLocation {
  file?: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  column?: number;
}

export type UserErrorCode =
  | 'prompt.yaml'
  | 'prompt.frontmatter'
  | 'prompt.template'
  | 'prompt.missing-variables'
  | 'prompt.unknown-model'
  | 'prompt.read'
  | 'prompt.media'
  | 'prompt.history'
  | 'dataset.read'
  | 'dataset.empty'
  | 'dataset.csv'
  | 'dataset.json'
  | 'dataset.headers'
  | 'dataset.too-large'
  | 'dataset.missing-columns'
  | 'provider.missing-key'
  | 'provider.unknown'
  | 'provider.no-model-list'
  | 'provider.model-not-served'
  | 'store.locked'
  | 'store.not-found'
  | 'supabase.settings'
  | 'supabase.auth'
  | 'store.config'
  | 'store.unreachable'
  | 'store.denied'
  | 'store.conflict'
  | 'store.server'
  | 'batch.unsupported'
  | 'cli.usage';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
    /** What the user should do about it, in one sentence. */
    readonly fix?: string,
  ) {
    super(message);
  }
}

/**
 * Not `instanceof` alone: the extension ships in several bundles (dist/extension*.js), each with
 * its own copy of this class, so a UserError thrown in one fails `instanceof` in another.
 */
export function isUserError(e: unknown): e is UserError {
  if (e instanceof UserError) return true;
  return e instanceof Error && e.name === 'UserError' && typeof (e as { code?: unknown }).code === 'string';
}

/** `file:line:col: message\n  fix: …` — the shape compilers use, so editors and CI logs link it. */
export function formatUserError(e: UserError): string {
  const { file, line, column } = e.location;
  const where = file ? `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ` : '';
  return `${where}error: ${e.message}${e.fix ? `\n  fix: ${e.fix}` : ''}`;
}
