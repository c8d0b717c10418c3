/** 1-based, `endColumn` just after the last character (as the core's diagnostics). */
export interface SourceSpanLike {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What reading a dataset's header found. */
export type DatasetColumnsResult =
  | { kind: 'columns'; columns: string[] }
  | { kind: 'missing' }
  | { kind: 'unreadable'; message: string; line?: number; fix?: string };
