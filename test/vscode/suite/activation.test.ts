import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activeApi, EXTENSION_ID } from './harness';

/** test/vscode/fixtures/trivial-extension: one command, an activate() that only registers it. */
const FLOOR_EXTENSION_ID = 'refinery-fixtures.trivial-extension';

interface PerformanceMark {
  name: string;
  startTime: number;
}

interface ActivationFigures {
  activationMs: number;
  codeLoadingMs: number;
  activateCallMs: number;
  /** After the code loaded, until VS Code had the extension's context (its storage, read over RPC): VS Code's own wait. */
  contextWaitMs: number;
}

/** VS Code's own performance marks of this extension host process (vs/base/common/performance). */
function extensionHostMarks(): PerformanceMark[] {
  const holder = globalThis as { MonacoPerformanceMarks?: { getMarks(): PerformanceMark[] } };
  return holder.MonacoPerformanceMarks?.getMarks() ?? [];
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** From loading the extension's code to its `activate` resolving, as VS Code marked it. */
function activationFigures(extensionId: string): ActivationFigures {
  const marks = extensionHostMarks();
  const at = (phase: string): number | undefined => marks.find((m) => m.name === `code/extHost/${phase}/${extensionId}`)?.startTime;
  const willLoad = at('willLoadExtensionCode');
  const didLoad = at('didLoadExtensionCode');
  const willActivate = at('willActivateExtension');
  const didActivate = at('didActivateExtension');
  assert.ok(
    willLoad !== undefined && didLoad !== undefined && willActivate !== undefined && didActivate !== undefined,
    `marks of ${extensionId}: ${marks.map((m) => m.name).filter((n) => n.includes(extensionId)).join(', ')}`,
  );
  return {
    activationMs: round(didActivate - willLoad),
    codeLoadingMs: round(didLoad - willLoad),
    activateCallMs: round(didActivate - willActivate),
    contextWaitMs: round(willActivate - didLoad),
  };
}

const describe = (f: ActivationFigures): string =>
  `${f.activationMs} ms (code loading ${f.codeLoadingMs} ms, then VS Code preparing the context ${f.contextWaitMs} ms, activate() ${f.activateCallMs} ms)`;

/**
 * A benchmark hook, not a timed test: the activation time VS Code measured for this extension and
 * for a trivial one in the same extension host (the floor: what VS Code itself spends loading any
 * extension), written for the launcher to print (target < 50 ms). The test only checks that VS Code
 * recorded both activations. VS Code loads the code and prepares the extension's context (globalState
 * and workspaceState, read from the window over RPC) at the same time and calls activate() once both
 * are done: only code loading and activate() are the extension's.
 */
suite('activation time (benchmark figure)', () => {
  test('VS Code recorded when the extension code loaded and when activate resolved', async () => {
    const floorExtension = vscode.extensions.getExtension(FLOOR_EXTENSION_ID);
    assert.ok(floorExtension, `${FLOOR_EXTENSION_ID} (the activation-floor fixture) is not loaded`);
    // both activate on the same events; when neither has yet, they start together here
    await Promise.all([floorExtension.activate(), activeApi()]);
    const ours = activationFigures(EXTENSION_ID);
    const floor = activationFigures(FLOOR_EXTENSION_ID);
    const aboveFloorMs = round(ours.activationMs - floor.activationMs);
    console.log(`      activation: ${describe(ours)}; a trivial extension: ${describe(floor)}; ours minus the trivial one: ${aboveFloorMs} ms; VS Code's Activation figure for ours (code loading + activate(), as Show Running Extensions shows it): ${round(ours.codeLoadingMs + ours.activateCallMs)} ms (target < 50 ms)`);
    const file = process.env.REFINERY_ACTIVATION_FILE;
    if (file) writeFileSync(file, JSON.stringify({ ...ours, ownMs: round(ours.codeLoadingMs + ours.activateCallMs), floor, aboveFloorMs }, null, 2));
  });
});
