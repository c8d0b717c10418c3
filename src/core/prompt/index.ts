export type { CompiledPrompt, GenerationConfig, LintContext, PromptDiagnostic, PromptFile, RefinerySettings } from './types';
export { parsePrompt, readPromptFile } from './parse';
export { missingVariables } from './variables';
export { compilePrompt } from './render';
export { lintAnalysis, lintPrompt } from './lint';
export { analyzePrompt, type PromptAnalysis } from './analyze';
