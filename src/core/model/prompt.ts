export type PromptType = 'prompt' | 'grader';

export interface PromptRecord {
  id: string;
  name: string;
  type: PromptType;
  body: string;
  /** workspace-relative, `/`-separated */
  path: string;
  contentHash: string;
  createdAt: string;
  updatedAt: string;
}
