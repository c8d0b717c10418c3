import { describe, expect, it } from 'vitest';
import { judgeAgreement, summarizeCells, type AgreementCell } from '../../../src/core/stats';

const cell = (gradePass: boolean | null, manualPass: boolean | null): AgreementCell => ({ gradePass, manualPass });

describe('judge ↔ human agreement', () => {
  it('matches a hand-computed fixture', () => {
    // 10 compared cells: auto/manual = PP×4, FF×3, PF×2, FP×1; plus 2 human-only and 3 auto-only cells.
    // observed = 7/10 = 0.7; auto pass = 6/10, human pass = 5/10 on the compared cells
    // chance = 0.6·0.5 + 0.4·0.5 = 0.5; kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4
    // human pass rate over all 12 human-graded cells = (5 + 1) / 12 = 0.5
    const cells = [
      ...Array.from({ length: 4 }, () => cell(true, true)),
      ...Array.from({ length: 3 }, () => cell(false, false)),
      ...Array.from({ length: 2 }, () => cell(true, false)),
      cell(false, true),
      cell(null, true),
      cell(null, false),
      cell(true, null),
      cell(false, null),
      cell(true, null),
    ];
    expect(judgeAgreement(cells)).toEqual({ humanGraded: 12, humanPassRate: 0.5, compared: 10, agreementRate: 0.7, kappa: 0.4 });
  });

  it('nothing graded by a person: no figures, not zeros', () => {
    expect(judgeAgreement([cell(true, null)])).toEqual({ humanGraded: 0, humanPassRate: null, compared: 0, agreementRate: null, kappa: null });
  });

  it('both raters always pass: full agreement, kappa undefined', () => {
    expect(judgeAgreement([cell(true, true), cell(true, true)])).toMatchObject({ agreementRate: 1, kappa: null });
  });

  it('complete disagreement gives kappa −1 when each rater splits evenly', () => {
    // observed 0; auto pass 0.5, human pass 0.5 → chance 0.5 → kappa = (0 − 0.5)/0.5 = −1
    expect(judgeAgreement([cell(true, false), cell(false, true)])).toMatchObject({ agreementRate: 0, kappa: -1 });
  });

  it('is part of the model summary', () => {
    const summary = summarizeCells([
      { status: 'completed', latencyMs: 10, costUsd: 0, gradeScore: 1, gradePass: true, manualPass: false },
      { status: 'completed', latencyMs: 10, costUsd: 0, gradeScore: 1, gradePass: true, manualPass: true },
    ], { checked: true });
    expect(summary.agreement).toEqual({ humanGraded: 2, humanPassRate: 0.5, compared: 2, agreementRate: 0.5, kappa: 0 });
  });
});
