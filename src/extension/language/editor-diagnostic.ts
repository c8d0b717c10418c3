import type { PromptDiagnostic } from '../../core/prompt';

/** 0-based, end exclusive: the shape of a `vscode.Range`, without `vscode`. */
export interface EditorRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export interface EditorDiagnostic {
  range: EditorRange;
  severity: PromptDiagnostic['severity'];
  message: string;
  code: string;
}

/**
 * The core reports 1-based lines and columns with `endColumn` just after the last character;
 * the editor wants 0-based positions. A range is never empty, so the squiggle is visible.
 */
export function toEditorDiagnostic(diagnostic: PromptDiagnostic): EditorDiagnostic {
  const startLine = Math.max(0, diagnostic.line - 1);
  const startCharacter = Math.max(0, diagnostic.column - 1);
  let endLine = Math.max(startLine, diagnostic.endLine - 1);
  let endCharacter = Math.max(0, diagnostic.endColumn - 1);
  if (endLine === startLine && endCharacter <= startCharacter) {
    endLine = startLine;
    endCharacter = startCharacter + 1;
  }
  return {
    range: { startLine, startCharacter, endLine, endCharacter },
    severity: diagnostic.severity,
    message: diagnostic.message,
    code: diagnostic.code,
  };
}
