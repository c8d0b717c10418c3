/**
 * The manual grade form's state: a pass / fail verdict (or none), an optional 0–1 score and a
 * note. Pure, so parsing and validation are unit-tested without a browser.
 */
export type Verdict = 'pass' | 'fail' | 'none';

export interface ManualGradeDraft {
  verdict: Verdict;
  /** As typed; parsed on save. */
  score: string;
  note: string;
}

export interface ManualGradeInput {
  pass: boolean | null;
  score: number | null;
  note: string | null;
}

export function draftFrom(pass: boolean | null, score: number | null, note: string | null): ManualGradeDraft {
  return { verdict: pass === null ? 'none' : pass ? 'pass' : 'fail', score: score === null ? '' : String(score), note: note ?? '' };
}

/** The grade to save, or an error message for the user. */
export function parseDraft(draft: ManualGradeDraft): { grade: ManualGradeInput } | { error: string } {
  const scoreText = draft.score.trim();
  let score: number | null = null;
  if (scoreText !== '') {
    score = Number(scoreText);
    if (!Number.isFinite(score) || score < 0 || score > 1) return { error: 'The score must be a number from 0 to 1 (or empty).' };
  }
  const pass = draft.verdict === 'none' ? null : draft.verdict === 'pass';
  const note = draft.note.trim() === '' ? null : draft.note;
  if (pass === null && score === null && note === null) return { error: 'Choose pass or fail, give a score or write a note — or use Clear.' };
  return { grade: { pass, score, note } };
}
