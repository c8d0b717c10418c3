import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, waitFor, workspaceFile } from './harness';

async function diagnosticsOf(relative: string): Promise<vscode.Diagnostic[]> {
  const uri = workspaceFile(relative);
  await vscode.window.showTextDocument(uri);
  return waitFor(`diagnostics on ${relative}`, () => {
    const found = vscode.languages.getDiagnostics(uri);
    return found.length > 0 ? found : undefined;
  });
}

suite('diagnostics on .prompt files', () => {
  suiteSetup(async () => {
    await activeApi();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('.prompt files get the dotprompt language', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('prompts/triage.prompt'));
    assert.equal(document.languageId, 'dotprompt');
  });

  test('bad YAML is reported at the unclosed [ (line 4, column 18)', async () => {
    const diagnostics = await diagnosticsOf('prompts/broken-yaml.prompt');
    const yaml = diagnostics.find((d) => /never closed/.test(d.message));
    assert.ok(yaml, `no YAML diagnostic among: ${diagnostics.map((d) => d.message).join(' | ')}`);
    assert.equal(yaml.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(yaml.range.start.line, 3);
    assert.equal(yaml.range.start.character, 17);
  });

  test('a variable no dataset column fills is reported where it is used', async () => {
    const diagnostics = await diagnosticsOf('prompts/missing-variable.prompt');
    const missing = diagnostics.find((d) => d.message.includes('customer_name'));
    assert.ok(missing, `no missing-variable diagnostic among: ${diagnostics.map((d) => d.message).join(' | ')}`);
    assert.equal(missing.range.start.line, 4);
  });

  test('a correct prompt has no diagnostics, and fixing a broken one clears them as the user types', async () => {
    const clean = workspaceFile('prompts/triage.prompt');
    const cleanEditor = await vscode.window.showTextDocument(clean);
    // Silence proves nothing until the linter has answered on this document: break it, see the
    // error come, undo, and the clean text must lint to nothing (waiting for that, not sleeping).
    await cleanEditor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'refinery.bogus: 1\n'));
    await waitFor('a diagnostic on the broken copy of the clean prompt', () =>
      vscode.languages.getDiagnostics(clean).some((d) => d.message.includes('refinery.bogus')) ? true : undefined,
    );
    await vscode.commands.executeCommand('undo');
    assert.equal(cleanEditor.document.isDirty, false, 'undo restored the file as saved');
    await waitFor('the clean prompt to lint to nothing', () => (vscode.languages.getDiagnostics(clean).length === 0 ? true : undefined));
    assert.deepEqual(vscode.languages.getDiagnostics(clean).map((d) => d.message), []);

    await diagnosticsOf('prompts/broken-yaml.prompt');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const line = editor.document.lineAt(3);
    await editor.edit((edit) => edit.insert(line.range.end, ']'));
    const uri = editor.document.uri;
    await waitFor('the YAML diagnostic to go away after the fix', () =>
      vscode.languages.getDiagnostics(uri).some((d) => /never closed/.test(d.message)) ? undefined : true,
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
