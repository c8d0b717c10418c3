import type * as vscode from 'vscode';
import { rememberedModelsKey } from './model-choices';

/**
 * What the user picked last time for a prompt (workspaceState, keyed by its workspace path): the
 * models, the judge of its graders and the dataset. ▶ Run and the pickers start from it.
 */
export interface RunMemory {
  models: string[] | undefined;
  /** A model judging every grader; `null`: each grader's own judge was picked; undefined: never asked. */
  judge: string | null | undefined;
  /** Absolute path of the dataset picked last. */
  dataset: string | undefined;
}

const judgeKey = (promptPath: string) => `refinery.judge:${promptPath}`;
const datasetKey = (promptPath: string) => `refinery.dataset:${promptPath}`;

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((item): item is string => typeof item === 'string' && item !== '');
  return list.length > 0 ? list : undefined;
}

export function recall(state: vscode.Memento, promptPath: string): RunMemory {
  const judge = state.get<unknown>(judgeKey(promptPath));
  const dataset = state.get<unknown>(datasetKey(promptPath));
  return {
    models: strings(state.get<unknown>(rememberedModelsKey(promptPath))),
    judge: judge === '' ? null : typeof judge === 'string' ? judge : undefined,
    dataset: typeof dataset === 'string' && dataset !== '' ? dataset : undefined,
  };
}

export async function remember(state: vscode.Memento, promptPath: string, memory: Partial<RunMemory>): Promise<void> {
  if (memory.models) await state.update(rememberedModelsKey(promptPath), memory.models);
  if (memory.judge !== undefined) await state.update(judgeKey(promptPath), memory.judge ?? '');
  if (memory.dataset) await state.update(datasetKey(promptPath), memory.dataset);
}
