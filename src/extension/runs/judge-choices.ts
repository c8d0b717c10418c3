/** The judges Run Against Dataset offers for a prompt's graders, and which comes first (pure, unit-tested). */
import type * as vscode from 'vscode';
import { labelText } from '../untrusted-text';
import { OFFLINE_JUDGE } from './run-needs-keys';

/** A grader of the prompt and the judge it names itself (undefined when it names none, or could not be read). */
export interface GraderJudge {
  ref: string;
  judge: string | undefined;
}

export interface JudgeChoices {
  graders: readonly GraderJudge[];
  /** The `refinery.judgeModel` setting: it judges every grader unless another judge is picked. */
  setting: string | undefined;
  /** What was picked last time for this prompt (`null`: each grader's own). */
  remembered: string | null | undefined;
  /** The models just picked, then what the providers serve: offered as judges too. */
  models: readonly string[];
  describe?(modelId: string): string;
}

export type JudgeItem = vscode.QuickPickItem & { judge: string | null };

const OWN = 'Each grader’s own judge';

function ownDescription(graders: readonly GraderJudge[]): string {
  return graders.map((g) => `${g.ref} → ${g.judge ?? 'none named'}`).join(', ');
}

/** The items, the one to preselect first: picked before, else the setting, else each grader's own. Pure, unit-tested. */
export function judgeItems(choices: JudgeChoices): JudgeItem[] {
  const own: JudgeItem = { label: OWN, description: labelText(ownDescription(choices.graders)), judge: null };
  const first = choices.remembered === null ? null : (choices.remembered ?? choices.setting ?? null);
  const order: Array<[string | null, string]> = [
    [first, first === choices.setting ? 'refinery.judgeModel setting' : 'picked before'],
    [choices.setting ?? null, 'refinery.judgeModel setting'],
    [null, ''],
    [OFFLINE_JUDGE, 'offline: simulated verdicts, no key needed'],
    ...choices.models.map((model): [string, string] => [model, 'a model you can run']),
  ];
  const items: JudgeItem[] = [];
  for (const [judge, description] of order) {
    if (items.some((item) => item.judge === judge)) continue;
    if (judge === null) items.push(own);
    else items.push({ label: labelText(judge), description: labelText(description), detail: choices.describe ? labelText(choices.describe(judge)) : undefined, judge });
  }
  return items;
}

