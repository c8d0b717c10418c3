export { decideSync, type SyncAction, type SyncDecision, type SyncReason, type SyncSides } from './decide';
export { buildSyncPlan, countByAction, type RemotePromptState, type SyncInputs, type SyncStep } from './plan';
export { isSafeSyncPath, isSyncedPromptPath, remoteCopyPath, toSyncPath } from './paths';
export { promptTypeOf } from './prompt-kind';
export { copyStore, IMPORTED_FROM_KEY, type CopyReport } from './copy-store';
