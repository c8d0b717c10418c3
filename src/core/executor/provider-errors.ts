import { ProviderError } from '../providers/types';

export function cancelledError(): ProviderError {
  return new ProviderError('cancelled', 'Cancelled', false);
}

export function timeoutError(timeoutMs: number): ProviderError {
  return new ProviderError('timeout', `No answer within ${timeoutMs} ms`, true);
}

/** Providers should only throw `ProviderError`; anything else is a bug we report but do not retry. */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('unknown', message, false);
}
