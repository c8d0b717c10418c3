/** Quick pick of the workspace's pairwise judges (`.prompt` files with `refinery.kind: pairwise`). */
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { labelText } from '../untrusted-text';

const PAIRWISE_KIND = /^refinery\.kind:\s*['"]?pairwise['"]?\s*$/m;
const MAX_FILES = 2000;

export async function pickPairwiseJudge(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.prompt', '**/node_modules/**', MAX_FILES);
  const judges: vscode.Uri[] = [];
  for (const file of files) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    if (PAIRWISE_KIND.test(text)) judges.push(file);
  }
  if (judges.length === 0) {
    throw new UserError(
      'cli.usage',
      'no pairwise judge in this workspace',
      {},
      'add a .prompt with `refinery.kind: pairwise` that uses {{output_a}} and {{output_b}} and answers {"winner": "A" | "B" | "tie"}',
    );
  }
  const picked = await vscode.window.showQuickPick(
    judges.map((uri) => ({ label: labelText(vscode.workspace.asRelativePath(uri, false)), uri })),
    { title: 'Judge this run against its baseline with…', placeHolder: 'a pairwise judge: every pair is judged in both orders' },
  );
  return picked?.uri;
}
