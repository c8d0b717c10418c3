export type { CompiledPrompt, GenerationConfig, HistoryMessage, LintContext, PromptDiagnostic, PromptFile, RefinerySettings, RenderExtras } from './types';
export { parsePrompt, readPromptFile } from './parse';
export { missingContext, missingVariables } from './variables';
export { compilePrompt, type CompileOptions } from './render';
export { lintAnalysis, lintPrompt } from './lint';
export { analyzePrompt, type PromptAnalysis } from './analyze';
export { analyzeWithPartials, readTextIfExists, type ReadText } from './partials';
export { CONTEXT_PREFIX, HISTORY_COLUMN, contextNamesOfColumns, parseConversation, rowData, type Conversation, type RowData } from './row-data';
