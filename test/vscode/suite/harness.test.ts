import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeServer, workspaceFolder } from './harness';

/** The session the launcher prepared, checked first so a broken harness is told apart from a broken feature. */
suite('test session', () => {
  test('VS Code opened a temp copy of the fixture workspace, never the repository', () => {
    assert.doesNotMatch(workspaceFolder().fsPath, /test\/fixtures\/workspace/);
    assert.equal(vscode.workspace.getConfiguration('refinery').get('concurrency'), 2);
  });

  test('the user settings send the fake/ endpoint to the fake server, which answers', async () => {
    const endpoints = vscode.workspace.getConfiguration('refinery').get<{ id: string; baseUrl: string }[]>('endpoints') ?? [];
    assert.deepEqual(endpoints.map((e) => e.id), ['fake']);
    assert.equal(endpoints[0]?.baseUrl, `${fakeServer.url()}/v1`);
    assert.equal(typeof (await fakeServer.stats()).totalRequests, 'number');
  });
});
