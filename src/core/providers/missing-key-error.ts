import { UserError, type ErrorLocation } from '../errors';

/** A provider's key is not set: which provider, and the variable that would hold it (see `findMissingKeys`). */
export class MissingKeyError extends UserError {
  constructor(
    readonly providerId: string,
    readonly keyName: string,
    message: string,
    location: ErrorLocation,
    fix: string,
  ) {
    super('provider.missing-key', message, location, fix);
  }
}
