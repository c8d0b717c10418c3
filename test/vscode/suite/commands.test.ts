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
    const registered = new Set((await vscode.commands.getCommands(true)).filter((id) => id.startsWith('refinery.')));
    const contributed = manifest().contributes.commands.map((c) => c.command);
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

  test('Run Against Dataset is on the explorer and editor-title context menus of .prompt files', () => {
    const { menus } = manifest().contributes;
    for (const menu of ['explorer/context', 'editor/title/context']) {
      const item = (menus[menu] ?? []).find((i) => i.command === 'refinery.runAgainstDataset');
      assert.ok(item, `refinery.runAgainstDataset is not in ${menu}`);
      assert.match(item.when ?? '', /\.prompt|dotprompt/, `${menu} entry must be limited to .prompt files`);
    }
  });
});
