import * as vscode from 'vscode';
import { labelText } from '../untrusted-text';
import { judgeItems, type JudgeChoices, type JudgeItem } from './judge-choices';

/**
 * Run Against Dataset's judge step, shown when the prompt has graders: which model judges them.
 * Resolves with the judge (`null`: each grader's own), or undefined when dismissed. A model not
 * listed can be typed.
 */
export async function pickJudge(choices: JudgeChoices, step: { step: number; totalSteps: number }): Promise<string | null | undefined> {
  const items = judgeItems(choices);
  const quickPick = vscode.window.createQuickPick<JudgeItem>();
  quickPick.title = 'Run Against Dataset: judge for the graders';
  quickPick.step = step.step;
  quickPick.totalSteps = step.totalSteps;
  quickPick.placeholder = 'the model that grades the outputs (type provider/model to use another)';
  quickPick.matchOnDescription = true;
  quickPick.items = items;
  quickPick.activeItems = items.slice(0, 1);
  quickPick.onDidChangeValue((value) => {
    const typed = value.trim();
    const known = items.some((item) => item.judge === typed);
    quickPick.items = typed.includes('/') && !known ? [{ label: labelText(typed), description: 'typed', judge: typed }, ...items] : items;
  });
  const picked = await new Promise<string | null | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.judge ?? quickPick.activeItems[0]?.judge));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  return picked;
}
