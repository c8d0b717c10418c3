import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { checkDatasetColumns, openDataset, type DatasetSource } from '../dataset';
import { compilePrompt, missingContext, missingVariables, readPromptFile, type CompiledPrompt, type PromptFile } from '../prompt';
import { imageInputOf, imageModels } from '../providers';

export interface PreparedGrader {
  /** As the user wrote it (relative to the prompt file). */
  ref: string;
  absolutePath: string;
  prompt: PromptFile;
  compiled: CompiledPrompt;
  judge: string;
}

export interface PreparedRun {
  promptPath: string;
  prompt: PromptFile;
  compiled: CompiledPrompt;
  dataset: DatasetSource | null;
  models: string[];
  graders: PreparedGrader[];
}

export interface PrepareRunOptions {
  promptPath: string;
  /** Overrides `refinery.dataset`. */
  datasetPath?: string;
  /** A dataset already open (e.g. a stored one, see `storedDatasetSource`): overrides both. */
  datasetSource?: DatasetSource;
  /** Overrides `refinery.models` / `model`. */
  models?: string[];
  /** Overrides `refinery.graders`. */
  graders?: string[];
  /** Judge model for every grader, overriding the graders' own `refinery.judge` / `model`. */
  judge?: string;
  /** Judge model for the graders that name none (a setting, or the CLI config's `defaultJudge`). */
  defaultJudge?: string;
  /** Where the user stands: paths given on the command line are relative to it. */
  cwd: string;
  /** `{{media}}` may send http(s) URLs (`--allow-remote-media`), as `refinery.allowRemoteMedia: true` allows. */
  allowRemoteMedia?: boolean;
}

/** Every `{{@name}}` must be filled by `refinery.context` or a `@name` column, before any call is made. */
function checkContext(prompt: PromptFile, columns: readonly string[], file: string): void {
  const missing = missingContext(prompt, columns);
  if (missing.length === 0) return;
  const first = missing[0] ?? '';
  throw new UserError(
    'prompt.missing-variables',
    `nothing fills ${missing.map((name) => `{{@${name}}}`).join(', ')}: the dataset has no ${missing.map((name) => `@${name}`).join(', ')} column and refinery.context does not set ${missing.length === 1 ? 'it' : 'them'}`,
    { file },
    `add a dataset column @${first} (or @${first}.field), or set it under refinery.context ("refinery.context: { ${first}: null }" renders it empty)`,
  );
}

/** A prompt that sends images runs only on models that take them (or that Refinery cannot tell about). */
function checkImageModels(prompt: PromptFile, models: readonly string[], file: string): void {
  if (!prompt.usesMedia) return;
  const refusing = models.filter((model) => imageInputOf(model) === 'no');
  if (refusing.length === 0) return;
  throw new UserError(
    'prompt.media',
    `the prompt sends images ({{media}}), and ${refusing.join(', ')} ${refusing.length === 1 ? 'does' : 'do'} not take images`,
    { file },
    `run it on a model that takes images (${imageModels().join(', ')}, or an OpenAI-compatible endpoint serving one)`,
  );
}

/** Frontmatter paths are relative to the prompt file; if nothing is there, to the working directory. */
function resolveFromPrompt(promptPath: string, ref: string, cwd: string): string {
  if (path.isAbsolute(ref)) return ref;
  const besidePrompt = path.resolve(path.dirname(promptPath), ref);
  if (existsSync(besidePrompt)) return besidePrompt;
  const fromCwd = path.resolve(cwd, ref);
  return existsSync(fromCwd) ? fromCwd : besidePrompt;
}

/**
 * Reads and checks everything a run needs before any provider is called: the prompt, the
 * dataset and its columns against the prompt's placeholders, the graders and their judges.
 */
export async function prepareRun(options: PrepareRunOptions): Promise<PreparedRun> {
  const promptPath = path.resolve(options.cwd, options.promptPath);
  const prompt = await readPromptFile(promptPath);
  if (prompt.refinery.kind === 'pairwise') {
    throw new UserError(
      'cli.usage',
      'this file is a pairwise judge (refinery.kind: pairwise); it compares two runs',
      { file: promptPath },
      'run the prompt it judges twice (or on two models), then: refinery compare RUN BASELINE --pairwise this-file.prompt',
    );
  }
  if (prompt.refinery.kind === 'grader') {
    throw new UserError(
      'cli.usage',
      'this file is a grader (refinery.kind: grader); graders run as part of a prompt run',
      { file: promptPath },
      'run the prompt it grades and list this file under `refinery.graders` or pass it with --grader',
    );
  }

  const models = options.models && options.models.length > 0 ? options.models : prompt.models;
  if (models.length === 0) {
    throw new UserError(
      'prompt.unknown-model',
      'no model to run: the prompt declares neither `model` nor `refinery.models`',
      { file: promptPath },
      'add `refinery.models: [groq/openai/gpt-oss-20b]` to the frontmatter, or pass --model (sim/echo runs offline)',
    );
  }

  const datasetRef = options.datasetPath ?? prompt.refinery.dataset;
  let dataset: DatasetSource | null = null;
  if (options.datasetSource) {
    dataset = options.datasetSource;
    checkDatasetColumns(missingVariables(prompt, dataset.columns), dataset, promptPath);
  } else if (datasetRef !== undefined) {
    const datasetPath = options.datasetPath
      ? path.resolve(options.cwd, options.datasetPath)
      : resolveFromPrompt(promptPath, datasetRef, options.cwd);
    dataset = await openDataset(datasetPath);
    checkDatasetColumns(missingVariables(prompt, dataset.columns), dataset, promptPath);
    checkContext(prompt, dataset.columns, promptPath);
  } else {
    const missing = missingVariables(prompt, []);
    if (missing.length > 0) {
      throw new UserError(
        'prompt.missing-variables',
        `the prompt needs ${missing.join(', ')} but no dataset was given`,
        { file: promptPath },
        'pass --dataset FILE (CSV, JSON or JSONL with those columns), set `refinery.dataset`, or give them defaults under `input.default`',
      );
    }
    checkContext(prompt, [], promptPath);
  }
  checkImageModels(prompt, models, promptPath);
  const compileOptions = { mediaBaseDir: dataset ? path.dirname(dataset.path) : path.dirname(promptPath), allowRemoteMedia: options.allowRemoteMedia };

  const graderRefs = options.graders && options.graders.length > 0 ? options.graders : prompt.refinery.graders;
  const graders: PreparedGrader[] = [];
  for (const ref of graderRefs) {
    const absolutePath = options.graders?.includes(ref)
      ? path.resolve(options.cwd, ref)
      : resolveFromPrompt(promptPath, ref, options.cwd);
    const graderPrompt = await readPromptFile(absolutePath);
    if (graderPrompt.refinery.kind === 'pairwise') {
      throw new UserError(
        'prompt.frontmatter',
        `${ref} is a pairwise judge (refinery.kind: pairwise): it compares two runs, it does not grade one`,
        { file: absolutePath },
        'remove it from refinery.graders and use it with: refinery compare RUN BASELINE --pairwise ' + ref,
      );
    }
    if (graderPrompt.refinery.kind !== 'grader') {
      throw new UserError(
        'prompt.frontmatter',
        `${ref} is used as a grader but does not declare \`refinery.kind: grader\``,
        { file: absolutePath },
        'add `refinery.kind: grader` to its frontmatter',
      );
    }
    const judge = options.judge ?? graderPrompt.refinery.judge ?? graderPrompt.model ?? options.defaultJudge;
    if (!judge) {
      throw new UserError(
        'prompt.unknown-model',
        'the grader names no judge model',
        { file: absolutePath },
        'set `model:` or `refinery.judge:` in the grader, pass --judge MODEL, or set a default judge (the refinery.judgeModel setting, or "defaultJudge" in refinery.config.json)',
      );
    }
    const provided = [...(dataset?.columns ?? []), 'output', 'expected'];
    const missing = missingVariables(graderPrompt, provided);
    if (missing.length > 0) {
      throw new UserError(
        'prompt.missing-variables',
        `the grader uses ${missing.join(', ')}, which neither the dataset nor the run provides`,
        { file: absolutePath },
        `graders receive the dataset columns plus {{output}} and {{expected}}; the dataset has: ${(dataset?.columns ?? []).join(', ') || '(no dataset)'}`,
      );
    }
    checkContext(graderPrompt, dataset?.columns ?? [], absolutePath);
    checkImageModels(graderPrompt, [judge], absolutePath);
    graders.push({ ref, absolutePath, prompt: graderPrompt, compiled: await compilePrompt(graderPrompt, compileOptions), judge });
  }

  return { promptPath, prompt, compiled: await compilePrompt(prompt, compileOptions), dataset, models, graders };
}
