export { openLocalStore, stopLocalStoreHost, type LocalStoreOptions } from './open';
export { LocalStore } from './local-store';
export { LOCAL_USER_ID } from './local-user';
export { defaultLocalDataDir, expandHome } from './paths';
export { moveOldStore, type MoveOutcome } from './move-old-store';
export { createLocalStoreSeed, SEED_FILE_NAME, writeLocalStoreSeed } from './seed';
