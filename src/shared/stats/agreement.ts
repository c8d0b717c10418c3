import { addTally } from './tally';

/** What agreement needs from a cell: the automatic pass and a person's pass. */
export interface AgreementCell {
  gradePass: boolean | null;
  manualPass: boolean | null;
}

/**
 * The tallies agreement is computed from. Kept as counts so the results grid can maintain them
 * incrementally (a cell update adds and removes its contribution) and still use the one formula.
 */
export interface AgreementCounts {
  /** Cells with a manual pass. */
  humanGraded: number;
  /** Of those, how many a person passed. */
  humanPasses: number;
  /** Cells with both an automatic and a manual pass. */
  compared: number;
  /** Of the compared cells: where both agree, where the grader passed, where the person passed. */
  agreed: number;
  autoPasses: number;
  manualPasses: number;
}

export interface JudgeAgreement {
  /** Cells a person graded (manual pass set). */
  humanGraded: number;
  /** Human passes / humanGraded; null when nobody graded. */
  humanPassRate: number | null;
  /** Cells with both an automatic and a manual pass: agreement's denominator. */
  compared: number;
  /** Cells where both agree / compared; null when nothing is compared. */
  agreementRate: number | null;
  /**
   * Cohen's kappa: agreement beyond what two raters with these pass rates would reach by chance.
   * null when nothing is compared or chance agreement is 1 (both raters gave one answer only).
   */
  kappa: number | null;
}

const round = (value: number): number => Math.round(value * 1e12) / 1e12;

/** The agreement figures from their tallies. */
export function agreementFromCounts(counts: AgreementCounts): JudgeAgreement {
  const { humanGraded, humanPasses, compared: n } = counts;
  const humanPassRate = humanGraded === 0 ? null : round(humanPasses / humanGraded);
  if (n === 0) return { humanGraded, humanPassRate, compared: 0, agreementRate: null, kappa: null };
  const observed = counts.agreed / n;
  const autoPass = counts.autoPasses / n;
  const manualPass = counts.manualPasses / n;
  const chance = autoPass * manualPass + (1 - autoPass) * (1 - manualPass);
  const kappa = chance === 1 ? null : round((observed - chance) / (1 - chance));
  return { humanGraded, humanPassRate, compared: n, agreementRate: round(observed), kappa };
}

/** One cell's contribution to the tallies (all zeros when nobody graded it by hand). */
export function agreementCountsOf(cell: AgreementCell): AgreementCounts {
  const human = cell.manualPass !== null;
  const both = human && cell.gradePass !== null;
  return {
    humanGraded: human ? 1 : 0,
    humanPasses: cell.manualPass === true ? 1 : 0,
    compared: both ? 1 : 0,
    agreed: both && cell.gradePass === cell.manualPass ? 1 : 0,
    autoPasses: both && cell.gradePass === true ? 1 : 0,
    manualPasses: both && cell.manualPass === true ? 1 : 0,
  };
}

export const NO_AGREEMENT_COUNTS: AgreementCounts = { humanGraded: 0, humanPasses: 0, compared: 0, agreed: 0, autoPasses: 0, manualPasses: 0 };

/** Adds (sign 1) or removes (sign -1) one cell's tallies. */
export function addAgreementCounts(total: AgreementCounts, cell: AgreementCounts, sign: 1 | -1 = 1): AgreementCounts {
  return addTally(total, cell, sign);
}

/** Judge ↔ human agreement over the cells both graded: the number that says whether to trust a grader. */
export function judgeAgreement(cells: readonly AgreementCell[]): JudgeAgreement {
  let counts = NO_AGREEMENT_COUNTS;
  for (const cell of cells) counts = addAgreementCounts(counts, agreementCountsOf(cell));
  return agreementFromCounts(counts);
}
