import type { SampleRecord } from '../../core/model';

/** How far the N samples of one cell agree with each other. */
export interface SampleAgreement {
  /** N */
  samples: number;
  /** Samples whose call completed (no error). */
  completed: number;
  /** Samples with a pass/fail verdict. */
  graded: number;
  /** k of "k/N pass". */
  passCount: number;
  /** Distinct outputs among the completed samples, compared after trimming surrounding whitespace. */
  distinctOutputs: number;
  /** Every sample completed, with the same (trimmed) output. */
  outputsAgree: boolean;
  /** Every sample has the same verdict: all pass, all fail, or none graded. */
  verdictsAgree: boolean;
  /** Both: the samples are interchangeable. */
  allAgree: boolean;
}

export type AgreementSample = Pick<SampleRecord, 'outputText' | 'errorText' | 'gradePass'>;

export function sampleAgreement(samples: readonly AgreementSample[]): SampleAgreement {
  const completed = samples.filter((s) => s.errorText === null && s.outputText !== null);
  const distinctOutputs = new Set(completed.map((s) => (s.outputText ?? '').trim())).size;
  const verdicts = samples.map((s) => s.gradePass);
  const graded = verdicts.filter((v) => v !== null).length;
  const outputsAgree = samples.length > 0 && completed.length === samples.length && distinctOutputs === 1;
  const verdictsAgree = new Set(verdicts).size <= 1;
  return {
    samples: samples.length,
    completed: completed.length,
    graded,
    passCount: verdicts.filter((v) => v === true).length,
    distinctOutputs,
    outputsAgree,
    verdictsAgree,
    allAgree: outputsAgree && verdictsAgree,
  };
}

/** `4/5 pass · 3 distinct`: the compact form the grid shows; without verdicts just the outputs. */
export function formatSampleAgreement(agreement: Pick<SampleAgreement, 'samples' | 'completed' | 'graded' | 'passCount' | 'distinctOutputs'>): string {
  const distinct = `${agreement.distinctOutputs} distinct`;
  const failed = agreement.samples - agreement.completed;
  const parts = agreement.graded > 0 ? [`${agreement.passCount}/${agreement.samples} pass`, distinct] : [`${agreement.samples} samples`, distinct];
  if (failed > 0) parts.push(`${failed} errored`);
  return parts.join(' · ');
}
