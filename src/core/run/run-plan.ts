import type { CompiledPrompt } from '../prompt';
import type { RunRecord } from '../model';

export interface PlannedGrader {
  ref: string;
  compiled: CompiledPrompt;
  judge: string;
  passThreshold?: number;
}

/** Everything `executeRun` needs: the stored run and the prompt and graders compiled from the text it keeps. */
export interface RunPlan {
  run: RunRecord;
  compiled: CompiledPrompt;
  graders: PlannedGrader[];
}

/** `provider/model` as the user wrote it, rebuilt from a run_model row. */
export function modelIdOf(runModel: { provider: string; model: string }): string {
  return `${runModel.provider}/${runModel.model}`;
}
