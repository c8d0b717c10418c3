import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, extension, manifest } from './harness';

/** The entry points issue 3 asks for; each must be contributed and registered. */
const REQUIRED_COMMANDS = [
  'refinery.runPrompt',
  'refinery.runAgainstDataset',
  'refinery.importDataset',
  'refinery.openResults',
  'refinery.openRun',
  'refinery.setApiKey',
  'refinery.showLog',
];

suite('commands and menus', () => {
  suiteSetup(async () => {
    await activeApi();
  });

  test('the extension activates in this VS Code', () => {
    assert.equal(extension().isActive, true);
  });

  test('every command in package.json is registered by activate, and none is registered without a contribution', async () => {
    const { commands, views } = manifest().contributes;
    // VS Code itself registers `<view id>.focus`, `.open`… for each contributed view
    const viewIds = Object.values(views).flatMap((list) => list.map((v) => `${v.id}.`));
    const registered = new Set(
      (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('refinery.') && !viewIds.some((prefix) => id.startsWith(prefix))),
    );
    const contributed = commands.map((c) => c.command);
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
    const internal = [...registered].filter((id) => !contributed.includes(id) && !id.startsWith('refinery._'));
    assert.deepEqual(internal, [], 'registered without a contribution (prefix internal ones with refinery._)');
  });

  test('the palette offers every entry point of the extension', () => {
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.deepEqual(REQUIRED_COMMANDS.filter((id) => !contributed.includes(id)), []);
  });

  test('every menu item points at a contributed command', () => {
    const { commands, menus } = manifest().contributes;
    const contributed = new Set(commands.map((c) => c.command));
    const dangling = Object.entries(menus).flatMap(([menu, items]) => items.filter((i) => !contributed.has(i.command)).map((i) => `${menu}: ${i.command}`));
    assert.deepEqual(dangling, []);
  });

  test('Run Against Dataset is on the explorer context menu and the editor title of .prompt files', () => {
    const { menus } = manifest().contributes;
    const entry = (menu: string) => (menus[menu] ?? []).find((i) => i.command === 'refinery.runAgainstDataset');
    const explorer = entry('explorer/context');
    const editorTitle = entry('editor/title/context') ?? entry('editor/title');
    assert.ok(explorer, 'refinery.runAgainstDataset is not in explorer/context');
    assert.ok(editorTitle, 'refinery.runAgainstDataset is in neither editor/title/context nor editor/title');
    for (const item of [explorer, editorTitle]) assert.match(item.when ?? '', /\.prompt|dotprompt/, 'the entry must be limited to .prompt files');
  });
});
