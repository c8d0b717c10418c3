export { openLocalStore, stopLocalStoreHost, type LocalStoreOptions } from './open';
export { LocalStore } from './local-store';
export { LOCAL_USER_ID } from './local-user';
export { defaultLocalDataDir } from './paths';
export { createLocalStoreSeed, SEED_FILE_NAME, writeLocalStoreSeed } from './seed';
