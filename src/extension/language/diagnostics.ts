import { DOTPROMPT_LANGUAGE_ID } from '../contribution-ids';
import * as vscode from 'vscode';
import { getCatalogService } from '../models/catalog-service';
import type { ExtensionServices } from '../services';
import { toEditorDiagnostic, type EditorDiagnostic } from './editor-diagnostic';
import type { PromptLinter } from './prompt-linter';

const DEBOUNCE_MS = 250;
const DATASET_GLOB = '**/*.{csv,json,jsonl,ndjson}';
const PROMPT_GLOB = '**/*.prompt';
/** Dotprompt's partials: `{{> name}}` reads `_name.prompt`. */
const PARTIAL_GLOB = '**/_*.prompt';

const SEVERITY: Record<EditorDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toVscodeDiagnostic({ range, severity, message, code }: EditorDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(range.startLine, range.startCharacter, range.endLine, range.endCharacter),
    message,
    SEVERITY[severity],
  );
  diagnostic.source = 'refinery';
  diagnostic.code = code;
  return diagnostic;
}

const isPrompt = (document: vscode.TextDocument): boolean => document.languageId === DOTPROMPT_LANGUAGE_ID;
const isPartial = (document: vscode.TextDocument): boolean => isPrompt(document) && /^_[^/\\]*\.prompt$/.test(document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1));

/**
 * Live diagnostics for `.prompt` files: on open, on change (debounced), when the settings, a
 * dataset, the set of `.prompt` files or a partial (edited in an editor or on disk) change;
 * cleared on close.
 */
export function registerDiagnostics({ context, log }: ExtensionServices): void {
  const collection = vscode.languages.createDiagnosticCollection('refinery');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const catalog = getCatalogService({ context, log });
  // With a key, a model the provider no longer lists is flagged ("not served by groq today").
  const servedModels = async (providerId: string) => (await catalog.served(providerId))?.models.map((model) => model.id);
  let linter: Promise<PromptLinter> | undefined;
  const lintSource: PromptLinter = async (source, filePath) => {
    linter ??= import('./prompt-linter').then(({ createPromptLinter }) => createPromptLinter(servedModels));
    return (await linter)(source, filePath);
  };

  const lint = async (document: vscode.TextDocument): Promise<void> => {
    const version = document.version;
    const filePath = document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
    try {
      const diagnostics = await lintSource(document.getText(), filePath);
      // A slow dataset read must not overwrite the diagnostics of a newer version, or a closed file's.
      if (document.isClosed || document.version !== version) return;
      collection.set(document.uri, diagnostics.map((d) => toVscodeDiagnostic(toEditorDiagnostic(d))));
    } catch (error) {
      log.error(`checking ${document.uri.toString(true)} failed`, error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  };
  const cancel = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.delete(key);
  };
  const schedule = (document: vscode.TextDocument): void => {
    if (!isPrompt(document)) return;
    cancel(document);
    const key = document.uri.toString();
    timers.set(key, setTimeout(() => { timers.delete(key); void lint(document); }, DEBOUNCE_MS));
  };
  const lintOpen = (): void => vscode.workspace.textDocuments.filter(isPrompt).forEach(schedule);
  // A dataset's columns change with its content; a grader matters only by existing.
  const datasets = vscode.workspace.createFileSystemWatcher(DATASET_GLOB);
  const graders = vscode.workspace.createFileSystemWatcher(PROMPT_GLOB, false, true, false);
  // the prompts that use a partial are checked again when it changes
  const partials = vscode.workspace.createFileSystemWatcher(PARTIAL_GLOB, true, false, true);

  context.subscriptions.push(
    collection,
    datasets,
    graders,
    partials,
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (isPrompt(document)) void lint(document);
    }),
    vscode.workspace.onDidChangeTextDocument(({ document }) => {
      if (isPartial(document)) lintOpen();
      else schedule(document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      cancel(document);
      collection.delete(document.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('refinery')) lintOpen();
    }),
    catalog.onDidChange(lintOpen),
    datasets.onDidChange(lintOpen),
    datasets.onDidCreate(lintOpen),
    datasets.onDidDelete(lintOpen),
    graders.onDidCreate(lintOpen),
    graders.onDidDelete(lintOpen),
    partials.onDidChange(lintOpen),
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
  );
  vscode.workspace.textDocuments.filter(isPrompt).forEach((document) => void lint(document));
}
