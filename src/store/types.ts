/**
 * The domain model and the `Store` port live in core (`src/core/model`, `src/core/ports/store`);
 * the backends here implement the port. Re-exported for the store's own modules.
 */
export type * from '../core/model';
export type * from '../core/ports/store';
