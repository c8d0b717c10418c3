import type { Message } from 'dotprompt';
import type { Assertion } from '../assertions/schema';
import type { ChatMessage } from '../chat';

/** Generation parameters Refinery sends to a provider (the `config` block of a `.prompt`). */
export interface GenerationConfig {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  stopSequences?: string[];
}

/** Refinery's own `refinery.*` frontmatter keys, validated and with defaults applied. */
export interface RefinerySettings {
  /** `pairwise`: a judge of two outputs ({{output_a}}, {{output_b}}) that answers A, B or tie. */
  kind: 'prompt' | 'grader' | 'pairwise';
  models: string[];
  dataset?: string;
  graders: string[];
  concurrency?: number;
  repeat: number;
  timeoutMs?: number;
  judge?: string;
  passThreshold?: number;
  /** `refinery.assert`: checks run on every completed cell without a model. */
  assert?: Assertion[];
  /** `refinery.partials`: folders (relative to the prompt file) searched for partials after the prompt's own. */
  partialFolders: string[];
  /** `refinery.context`: values of `{{@name}}` context variables, for rows whose dataset has no `@name` column. */
  context: Record<string, unknown>;
  /** `refinery.allowRemoteMedia`: `{{media}}` may send http(s) URLs, which the provider then fetches. */
  allowRemoteMedia: boolean;
}

export interface PromptFile {
  path: string;
  source: string;
  /** frontmatter `model` */
  model?: string;
  /** refinery.models if set, else [model] if set, else [] */
  models: string[];
  config: GenerationConfig;
  inputDefaults: Record<string, unknown>;
  /** fields marked optional in input.schema */
  optionalInputs: string[];
  /** JSON schema from `output.schema` (Picoschema converted as dotprompt does) if any */
  outputSchema?: Record<string, unknown>;
  /** `output.format` */
  outputFormat?: string;
  refinery: RefinerySettings;
  /** top-level variables the template references, its partials' included (sorted, unique) */
  variables: string[];
  /** context names the template reads (`{{@state.count}}` → `state`), its partials' included (sorted, unique) */
  contextNames: string[];
  /** the template or a partial uses `{{history}}` */
  usesHistory: boolean;
  /** the template or a partial uses `{{media}}` */
  usesMedia: boolean;
  /**
   * the body after the frontmatter, line endings normalized to \n; trimmed when there is a
   * frontmatter, as dotprompt does (a file without one is used as it is)
   */
  template: string;
  /** The text of every partial the template uses, directly or through another partial, by name. */
  partials: Record<string, string>;
}

/** A message of a conversation from the dataset, in dotprompt's form (see `core/prompt/row-data`). */
export type HistoryMessage = Message;

export interface RenderExtras {
  /** The conversation so far: inserted at `{{history}}`, or before the last user message. */
  history?: HistoryMessage[];
  /** `{{@name}}` values of this row (over the prompt's `refinery.context`). */
  context?: Record<string, unknown>;
}

export interface CompiledPrompt {
  prompt: PromptFile;
  render(vars: Record<string, unknown>, extras?: RenderExtras): Promise<ChatMessage[]>;
}

/** Positions are 1-based; `endColumn` is the column just after the last character. */
export interface PromptDiagnostic {
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
}

export interface LintContext {
  /** provider prefixes a model id may use, e.g. ['groq', 'cerebras', 'ollama'] */
  knownProviders?: string[];
  /** columns of the dataset the prompt will run against */
  datasetColumns?: string[];
  /** False for a model id whose price is unknown (its cost will show as unknown); checked for known providers only. */
  isPricedModel?: (modelId: string) => boolean;
  /**
   * The provider's own ids of the models it serves today, when its list is known (a key is set
   * and the list was read); `undefined` when it is not, and then that provider is not checked.
   */
  servedModels?: (providerId: string) => readonly string[] | undefined;
}
