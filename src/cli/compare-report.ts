/**
 * A comparison for CI: JUnit XML (one testcase per model, failing on a significant regression, or
 * on any regressed cell with `--fail-on-any-regression`) and the GitHub step summary (each model's
 * verdict and p-value). Model ids go into code spans and escaped attributes: they are text from
 * outside.
 */
import { appendFile } from 'node:fs/promises';
import { modelVerdictLines, passFailSentence, testsPreamble, type RunComparison } from '../core/compare';
import { pairwiseSentence, positionBiasSentence, type PairwiseSummary } from '../core/pairwise';
import { escapeXml } from './junit-xml';
import { markdownCode, markdownText } from './step-summary';

export type RegressionGate = 'significant' | 'any' | 'none';

/** Why a model fails the gate, or null when it holds. */
export function modelGateFailure(comparison: RunComparison, modelId: string, gate: RegressionGate): string | null {
  const model = comparison.significance.models.find((m) => m.modelId === modelId);
  if (gate === 'significant' && model?.verdict === 'worse' && model.passFail) {
    return `${modelId}: ${passFailSentence(model.passFail, comparison.significance.alpha, comparison.significance.tested)}`;
  }
  if (gate === 'any') {
    const regressed = comparison.cells.filter((c) => c.modelId === modelId && c.change === 'regressed').length;
    if (regressed > 0) return `${modelId}: ${regressed} cell${regressed === 1 ? '' : 's'} regressed`;
  }
  return null;
}

export function compareJunitXml(comparison: RunComparison, gate: RegressionGate): string {
  const { significance } = comparison;
  let failures = 0;
  const cases = significance.models.map((model) => {
    const failure = modelGateFailure(comparison, model.modelId, gate);
    const lines = modelVerdictLines(model, significance);
    const properties = model.passFail
      ? [
          `        <property name="verdict" value="${model.verdict}"/>`,
          `        <property name="p-value" value="${model.passFail.pValue}"/>`,
          `        <property name="p-value-holm" value="${model.passFail.adjustedP}"/>`,
          `        <property name="difference" value="${model.passFail.difference}"/>`,
          `        <property name="difference-lower" value="${model.passFail.interval.lower}"/>`,
          `        <property name="difference-upper" value="${model.passFail.interval.upper}"/>`,
        ]
      : [`        <property name="verdict" value="${model.verdict}"/>`];
    if (failure) failures++;
    return [
      `    <testcase classname="${escapeXml(model.modelId)}" name="pass rate vs baseline">`,
      '      <properties>',
      ...properties,
      '      </properties>',
      ...(failure ? [`      <failure message="${escapeXml(failure)}">${escapeXml(lines.join('\n'))}</failure>`] : []),
      `      <system-out>${escapeXml(lines.join('\n'))}</system-out>`,
      '    </testcase>',
    ].join('\n');
  });
  const name = escapeXml(`refinery compare ${comparison.title}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** A pairwise judge's result, when `--pairwise` ran. */
export interface PairwiseReport {
  summary: PairwiseSummary;
  grader: string;
}

export function compareStepSummaryMarkdown(comparison: RunComparison, problems: readonly string[], pairwise?: PairwiseReport): string {
  const { significance } = comparison;
  const lines = [`### Refinery compare: ${markdownCode(comparison.title)}`, '', markdownText(`Is the difference real? ${testsPreamble(significance)}.`), ''];
  for (const model of significance.models) {
    lines.push(`- ${markdownCode(model.modelId)}: ${markdownText(modelVerdictLines(model, significance).join(' · '))}`);
  }
  if (pairwise) {
    lines.push('', `Pairwise judge ${markdownCode(pairwise.grader)}, both orders: ${markdownText(`${pairwiseSentence(pairwise.summary, significance.alpha)}; ${positionBiasSentence(pairwise.summary)}.`)}`);
  }
  if (problems.length > 0) lines.push('', '**Failed:**', '', ...problems.map((problem) => `- ${markdownCode(problem)}`));
  return `${lines.join('\n')}\n\n`;
}

export async function appendCompareStepSummary(env: NodeJS.ProcessEnv, comparison: RunComparison, problems: readonly string[], pairwise?: PairwiseReport): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, compareStepSummaryMarkdown(comparison, problems, pairwise), 'utf8');
  return true;
}
