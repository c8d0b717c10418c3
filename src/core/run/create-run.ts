import { createHash } from 'node:crypto';
import path from 'node:path';
import { assertionNames } from '../assertions/schema';
import { storeDatasetFile, type DatasetSource } from '../dataset';
import { parseModelId } from '../providers';
import type { JsonValue, PromptType } from '../model';
import type { Store } from '../ports/store';
import type { PreparedRun } from './prepare-run';
import type { RunPlan } from './run-plan';

export interface CreateRunOptions {
  /** Prompt paths are stored relative to it (the workspace root, or the CLI's cwd). */
  workspaceRoot: string;
  /** Extra settings kept with the run (concurrency, timeout…). */
  config?: Record<string, JsonValue>;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

async function savePrompt(store: Store, root: string, file: string, body: string, type: PromptType) {
  return store.upsertPrompt({
    name: path.basename(file, '.prompt'),
    type,
    body,
    path: relativePath(root, file),
    contentHash: contentHash(body),
  });
}

/** A stored dataset's path is as the store keeps it; a file's is relative to the root. */
function datasetPathOf(root: string, dataset: DatasetSource): string {
  return dataset.storedDatasetId ? dataset.path : relativePath(root, dataset.path);
}

/** Stores the prompt, graders, dataset rows and a new run keeping the exact texts that will run. */
export async function createRunFromPrepared(store: Store, prepared: PreparedRun, options: CreateRunOptions): Promise<RunPlan> {
  const root = options.workspaceRoot;
  const promptRecord = await savePrompt(store, root, prepared.promptPath, prepared.prompt.source, 'prompt');
  for (const grader of prepared.graders) {
    await savePrompt(store, root, grader.absolutePath, grader.prompt.source, 'grader');
  }

  let datasetId: string | null = null;
  if (prepared.dataset) {
    const source = prepared.dataset;
    datasetId = source.storedDatasetId ?? (await storeDatasetFile(store, source, { sourcePath: relativePath(root, source.path) })).dataset.id;
  }

  const graderTexts: Record<string, string> = {};
  const graderPartials: Record<string, Record<string, string>> = {};
  for (const grader of prepared.graders) {
    graderTexts[grader.ref] = grader.prompt.source;
    graderPartials[grader.ref] = grader.prompt.partials;
  }

  const config = prepared.prompt.config;
  const params: Record<string, JsonValue> = {};
  if (config.temperature !== undefined) params.temperature = config.temperature;
  if (config.maxOutputTokens !== undefined) params.maxOutputTokens = config.maxOutputTokens;
  if (config.topP !== undefined) params.topP = config.topP;
  if (config.stopSequences !== undefined) params.stopSequences = config.stopSequences;

  const run = await store.createRun({
    promptId: promptRecord.id,
    datasetId,
    promptText: prepared.prompt.source,
    graderTexts,
    partialTexts: { prompt: prepared.prompt.partials, graders: graderPartials },
    config: {
      ...options.config,
      promptPath: relativePath(root, prepared.promptPath),
      datasetPath: prepared.dataset ? datasetPathOf(root, prepared.dataset) : null,
      graders: prepared.graders.map((g) => ({ ref: g.ref, judge: g.judge })),
      // Kept so every summary knows the run had checks without parsing its prompt (see runHasChecks).
      assertions: assertionNames(prepared.prompt.refinery.assert ?? []),
    },
    models: prepared.models.map((modelId) => {
      const { providerId: provider, model } = parseModelId(modelId);
      return { provider, model, displayLabel: modelId, params };
    }),
  });

  return {
    run,
    compiled: prepared.compiled,
    graders: prepared.graders.map((g) => ({
      ref: g.ref,
      compiled: g.compiled,
      judge: g.judge,
      passThreshold: g.prompt.refinery.passThreshold,
    })),
  };
}
