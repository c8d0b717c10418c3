import { describe, expect, it } from 'vitest';
import { formatSampleAgreement, sampleAgreement, summarizeSampleAgreement, type AgreementSample } from '../../../src/core/repeats';
import type { SampleRecord } from '../../../src/core/model';

const ok = (outputText: string, gradePass: boolean | null = null): AgreementSample => ({ outputText, errorText: null, gradePass });
const failed: AgreementSample = { outputText: null, errorText: 'server 500', gradePass: null };

describe('sampleAgreement (hand-computed)', () => {
  it('5 samples, 4 pass, 3 distinct outputs once trimmed', () => {
    // "billing" ×2 (one with spaces and a newline around it), "bug" ×2, "account" ×1; account fails
    const samples = [ok('billing', true), ok('  billing\n', true), ok('bug', true), ok('bug', true), ok('account', false)];
    expect(sampleAgreement(samples)).toEqual({
      samples: 5, completed: 5, graded: 5, passCount: 4, distinctOutputs: 3, outputsAgree: false, verdictsAgree: false, allAgree: false,
    });
    expect(formatSampleAgreement(sampleAgreement(samples))).toBe('4/5 pass · 3 distinct');
  });

  it('identical outputs (up to surrounding whitespace) with identical verdicts all agree', () => {
    const samples = [ok('bug', false), ok('bug ', false), ok('\tbug', false)];
    expect(sampleAgreement(samples)).toMatchObject({ passCount: 0, graded: 3, distinctOutputs: 1, outputsAgree: true, verdictsAgree: true, allAgree: true });
    expect(formatSampleAgreement(sampleAgreement(samples))).toBe('0/3 pass · 1 distinct');
  });

  it('inner whitespace and case still count as different outputs', () => {
    expect(sampleAgreement([ok('a b'), ok('a  b'), ok('A b')]).distinctOutputs).toBe(3);
  });

  it('the same output with different verdicts (a wavering judge) does not all agree', () => {
    expect(sampleAgreement([ok('x', true), ok('x', false)])).toMatchObject({ outputsAgree: true, verdictsAgree: false, allAgree: false, passCount: 1 });
  });

  it('ungraded samples: no pass count in the text, verdicts agree (none)', () => {
    const agreement = sampleAgreement([ok('x'), ok('y')]);
    expect(agreement).toMatchObject({ graded: 0, passCount: 0, distinctOutputs: 2, verdictsAgree: true, allAgree: false });
    expect(formatSampleAgreement(agreement)).toBe('2 samples · 2 distinct');
  });

  it('a failed sample is no output: it never agrees, and is counted apart', () => {
    const agreement = sampleAgreement([ok('x', true), ok('x', true), failed]);
    expect(agreement).toMatchObject({ samples: 3, completed: 2, graded: 2, passCount: 2, distinctOutputs: 1, outputsAgree: false, allAgree: false });
    expect(formatSampleAgreement(agreement)).toBe('2/3 pass · 1 distinct · 1 errored');
  });

  it('no samples', () => {
    expect(sampleAgreement([])).toMatchObject({ samples: 0, distinctOutputs: 0, outputsAgree: false, allAgree: false });
  });
});

describe('summarizeSampleAgreement', () => {
  const sample = (outputText: string, gradePass: boolean | null): SampleRecord => ({
    outputText, errorText: null, latencyMs: 1, tokensIn: 1, tokensOut: 1, tokensCached: 0, costUsd: 0, gradePass, gradeScore: null, grades: [],
  });
  it('is the share of repeated cells whose samples all agree; single-sample cells do not count', () => {
    const cells = [
      { samples: [sample('a', true), sample('a', true)] }, // agrees
      { samples: [sample('a', true), sample('b', true)] }, // two outputs
      { samples: [sample('a', true), sample('a', false)] }, // two verdicts
      { samples: [sample('c', null), sample(' c', null), sample('c ', null)] }, // agrees
      { samples: [] }, // a single-sample cell
    ];
    expect(summarizeSampleAgreement(cells)).toEqual({ repeatedCells: 4, agreeingCells: 2, rate: 0.5 });
  });
  it('is null without repeated cells', () => {
    expect(summarizeSampleAgreement([{ samples: [] }])).toEqual({ repeatedCells: 0, agreeingCells: 0, rate: null });
  });
});
