/** What agreement needs from a cell: the automatic pass and a person's pass. */
export interface AgreementCell {
  gradePass: boolean | null;
  manualPass: boolean | null;
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

/** Judge ↔ human agreement over the cells both graded: the number that says whether to trust a grader. */
export function judgeAgreement(cells: readonly AgreementCell[]): JudgeAgreement {
  const human = cells.flatMap((c) => (c.manualPass === null ? [] : [c.manualPass]));
  const pairs = cells.flatMap((c) => (c.gradePass === null || c.manualPass === null ? [] : [[c.gradePass, c.manualPass] as const]));
  const humanPassRate = human.length === 0 ? null : round(human.filter(Boolean).length / human.length);
  if (pairs.length === 0) return { humanGraded: human.length, humanPassRate, compared: 0, agreementRate: null, kappa: null };

  const n = pairs.length;
  const observed = pairs.filter(([auto, manual]) => auto === manual).length / n;
  const autoPass = pairs.filter(([auto]) => auto).length / n;
  const manualPass = pairs.filter(([, manual]) => manual).length / n;
  const chance = autoPass * manualPass + (1 - autoPass) * (1 - manualPass);
  const kappa = chance === 1 ? null : round((observed - chance) / (1 - chance));
  return { humanGraded: human.length, humanPassRate, compared: n, agreementRate: round(observed), kappa };
}
