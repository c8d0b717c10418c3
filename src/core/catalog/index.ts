export { userCacheDir } from './cache-dir';
export { createModelCatalog, type ModelCatalog, type ModelCatalogOptions, type ProviderModels } from './model-catalog';
export { checkModelsServed, notServedError, notServedMessage, servedModelNames, type ServedCheck, type UnservedModel } from './served-check';
