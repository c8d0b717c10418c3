/** The comparison's verdicts in words, the same in the CLI, the grid, JUnit and the step summary. */
import {
  formatPoints,
  formatPointsInterval,
  formatPValue,
  formatScoreDifference,
  formatScoreDifferenceInterval,
} from '../../shared/stats/format-interval';
import type { ModelSignificance, PassFailTest, ScoreTest, Significance } from './significance';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `p = 0.004, Holm-adjusted over 3 models p = 0.012`, or just `p = 0.19` for one model. */
function pText(pValue: number, adjustedP: number, tested: number): string {
  return tested > 1 ? `${formatPValue(pValue)}, Holm-adjusted over ${tested} models ${formatPValue(adjustedP)}` : formatPValue(pValue);
}

function significanceWords(test: { adjustedP: number; difference: number }, alpha: number): string {
  if (test.adjustedP >= alpha || test.difference === 0) return `not significant at ${alpha}`;
  return `significant ${test.difference > 0 ? 'improvement' : 'regression'} at ${alpha}`;
}

/** `+4.2 points [-1.1, +9.5], p = 0.19 — not significant at 0.05 (12 improved, 8 regressed)` */
export function passFailSentence(test: PassFailTest, alpha: number, tested = 1): string {
  const flips = test.counts.improved + test.counts.regressed === 0 ? 'no row flipped' : `${test.counts.improved} improved, ${test.counts.regressed} regressed`;
  return `${formatPoints(test.difference)} ${formatPointsInterval(test.interval)}, ${pText(test.pValue, test.adjustedP, tested)} — ${significanceWords(test, alpha)} (${flips})`;
}

/** `+0.08 [-0.02, +0.11], p = 0.10 — not significant at 0.05 (paired bootstrap over 20 rows: 9 higher, 4 lower)` */
export function scoreSentence(test: ScoreTest, alpha: number, tested = 1): string {
  return `${formatScoreDifference(test.difference)} ${formatScoreDifferenceInterval(test.interval)}, ${pText(test.pValue, test.adjustedP, tested)} — ${significanceWords(test, alpha)} (paired bootstrap over ${plural(test.pairs, 'row')}: ${test.higher} higher, ${test.lower} lower)`;
}

/** What the tests are, when several models are compared: said once above the verdicts. */
export function testsPreamble(significance: Significance): string {
  const scope = 'each model is tested on the rows both sides have (a paired test)';
  return significance.tested > 1
    ? `${scope}; with ${significance.tested} models, p-values are Holm-adjusted so the verdict over all of them holds at ${significance.alpha}`
    : scope;
}

const rowList = (rows: ReadonlyArray<{ rowIndex: number | null }>, limit: number): string => {
  const shown = rows.slice(0, limit).map((r) => (r.rowIndex === null ? '—' : String(r.rowIndex)));
  return rows.length > limit ? `${shown.join(', ')} … and ${rows.length - limit} more` : shown.join(', ');
};

/** `improved rows 3, 7, 12; regressed rows 4, 9`, or null when no row flipped. */
export function flippedRowsText(model: ModelSignificance, limit = 20): string | null {
  const improved = model.flipped.filter((f) => f.direction === 'improved');
  const regressed = model.flipped.filter((f) => f.direction === 'regressed');
  const parts: string[] = [];
  if (improved.length > 0) parts.push(`improved rows ${rowList(improved, limit)}`);
  if (regressed.length > 0) parts.push(`regressed rows ${rowList(regressed, limit)}`);
  return parts.length === 0 ? null : parts.join('; ');
}

/** The lines of one model's verdict for a plain-text report. */
export function modelVerdictLines(model: ModelSignificance, significance: Significance): string[] {
  const lines: string[] = [];
  if (model.passFail) lines.push(`pass rate: ${passFailSentence(model.passFail, significance.alpha, significance.tested)}`);
  else lines.push('pass rate: not tested (a side has no grader or assertion, or no row is in both)');
  const scored = significance.models.filter((m) => m.score).length;
  if (model.score) lines.push(`mean score: ${scoreSentence(model.score, significance.alpha, scored)}`);
  const flipped = flippedRowsText(model);
  if (flipped) lines.push(`flipped: ${flipped}`);
  return lines;
}
