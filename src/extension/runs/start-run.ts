import path from 'node:path';
import * as vscode from 'vscode';
import { reportError } from '../commands';
import type { ExtensionServices } from '../services';
import { offerKeys } from './offer-keys';
import { workspacePath } from './prompt-target';
import type { RunController, RunOptions, RunRequest } from './run-controller';
import { remember } from './run-memory';
import { isRunNeedsKeys } from './run-needs-keys';

export type StartRun = (request: RunRequest, options: RunOptions) => Promise<string | undefined>;

/**
 * Starts runs the way every command does. One that lacks provider keys ends with an error whose
 * buttons set them (then run again) or run on the offline models; the command then resolves with
 * undefined.
 */
export function runStarter(services: ExtensionServices, controller: RunController, command: string): StartRun {
  const { context, log } = services;
  const start: StartRun = async (request, options) => {
    try {
      return await controller.run(request, options);
    } catch (error) {
      if (!isRunNeedsKeys(error)) throw error;
      log.warn(`run ${request.promptPath}: ${error.message}`);
      const again = (changed: Partial<RunRequest>) => () =>
        start({ ...request, ...changed }, options).catch((failure: unknown) => reportError(log, command, failure));
      const promptUri = vscode.Uri.file(request.promptPath);
      void offerKeys(error, path.basename(request.promptPath, '.prompt'), {
        retry: again({}),
        offline: async (offline) => {
          await remember(context.workspaceState, workspacePath(promptUri), { models: offline.models, ...(offline.judge && { judge: offline.judge }) });
          await again({ models: offline.models, judge: offline.judge ?? request.judge })();
        },
      }).catch((failure: unknown) => reportError(log, command, failure));
      return undefined;
    }
  };
  return start;
}
