/** The model picker's words and its reading of typed text (pure, unit-tested). */
import { listWords } from '../../core/providers/missing-keys';
import { MODEL_ID_PATTERN } from '../../core/providers/model-id-pattern';

/** The model id typed in the picker's input, if it is one (`provider/model`). */
export function typedModelId(value: string): string | undefined {
  const id = value.trim();
  return MODEL_ID_PATTERN.test(id) ? id : undefined;
}

const SHOWN = 4;

/** The line under the input: what Enter or OK will run, hidden rows included. Not escaped. */
export function selectionPrompt(checked: readonly string[]): string {
  if (checked.length === 0) return 'Nothing checked yet.';
  const names = checked.length > SHOWN ? [...checked.slice(0, SHOWN), `${checked.length - SHOWN} more`] : [...checked];
  return `Runs ${checked.length} model${checked.length === 1 ? '' : 's'}: ${listWords(names)}.`;
}
