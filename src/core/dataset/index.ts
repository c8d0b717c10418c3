export type { DatasetFormat, DatasetRow, DatasetSource, OpenDatasetOptions } from './types';
export { DEFAULT_MAX_JSON_BYTES } from './types';
export { openDataset, loadDataset, datasetFormatOf } from './open';
export { checkDatasetColumns, suggestColumn } from './columns';
export { fingerprintFile, type FileFingerprint } from './file-hash';
export { storeDatasetFile, type StoredDatasetFile, type StoreDatasetFileOptions } from './store-file';
export { storedDatasetSource } from './stored-source';
export { profileColumns, type ColumnProfile, type ColumnType } from './column-profile';
export { formatSize } from './format-size';
