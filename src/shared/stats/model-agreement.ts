import type { SampleRecord } from '../../core/model';
import { sampleAgreement } from './sample-agreement';

/** The "sample agreement" figure of one model: over its cells that ran more than one sample. */
export interface ModelSampleAgreement {
  /** Cells with more than one sample. */
  repeatedCells: number;
  /** Of those, cells whose samples all agree (same output, same verdict). */
  agreeingCells: number;
  /** agreeingCells / repeatedCells; null without repeated cells. */
  rate: number | null;
}

export function summarizeSampleAgreement(cells: ReadonlyArray<{ samples: readonly SampleRecord[] }>): ModelSampleAgreement {
  const repeated = cells.filter((c) => c.samples.length > 1);
  const agreeingCells = repeated.filter((c) => sampleAgreement(c.samples).allAgree).length;
  return { repeatedCells: repeated.length, agreeingCells, rate: repeated.length === 0 ? null : agreeingCells / repeated.length };
}
