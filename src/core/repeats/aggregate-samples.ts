import { roundUsd } from '../../shared/stats/round-usd';
import { sumCosts } from '../cost/sum-costs';
import type { CellInput, GradeRecord, SampleRecord, SentRequest } from '../model';

/** One finished sample of a repeated cell, with what the cell sums or keeps from its first sample. */
export interface FinishedSample {
  sample: SampleRecord;
  attempts: number;
  providerTiming: Record<string, number>;
  simulated: boolean;
  /** What its call sent; the cell keeps the first one recorded. */
  request?: SentRequest | null;
}

function sumKnown(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((sum, v) => sum + v, 0);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * A strict majority of all the samples passes; a tie fails. A sample without a verdict (null) is
 * not a pass: when such samples could still tip the majority either way the result is null
 * (ungraded), otherwise the passes and fails already decide it. Null for no samples.
 */
export function majorityPass(flags: ReadonlyArray<boolean | null>): boolean | null {
  if (flags.length === 0) return null;
  const passes = flags.filter((f) => f === true).length;
  const unknown = flags.filter((f) => f === null).length;
  if (passes * 2 > flags.length) return true;
  return (passes + unknown) * 2 > flags.length ? null : false;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One entry per grader (and assertion) over all samples: majority pass, mean score, summed cost. */
function aggregateGrades(samples: readonly SampleRecord[]): GradeRecord[] {
  const names = [...new Set(samples.flatMap((s) => s.grades.map((g) => g.grader)))];
  return names.map((grader): GradeRecord => {
    const entries = samples.flatMap((s) => s.grades.filter((g) => g.grader === grader));
    const graded = entries.filter((g) => g.state === 'graded');
    const flags = graded.map((g) => g.pass).filter((p): p is boolean => p !== null);
    const scores = graded.map((g) => g.score).filter((s): s is number => s !== null);
    // A sample this grader left ungraded is no pass: it counts, unknown, in the majority.
    const pass = majorityPass(entries.map((g) => (g.state === 'graded' ? g.pass : null)));
    const costUsd = sumCosts(entries.map((g) => g.costUsd));
    const usage = judgeUsage(entries);
    if (graded.length === 0) {
      return { grader, score: null, pass: null, reason: entries[0]?.reason ?? '', state: 'ungraded', costUsd, ...usage };
    }
    const undecided = entries.length - graded.length;
    if (flags.length > 0 && pass === null) {
      const reason = `${flags.filter(Boolean).length}/${plural(entries.length, 'sample')} pass, ${undecided} ungraded: no majority either way`;
      return { grader, score: mean(scores), pass: null, reason, state: 'ungraded', costUsd, ...usage };
    }
    const reason =
      flags.length > 0
        ? `${flags.filter(Boolean).length}/${plural(entries.length, 'sample')} pass (majority)${undecided > 0 ? `, ${undecided} ungraded` : ''}`
        : `mean score of ${plural(scores.length, 'sample')}`;
    return { grader, score: mean(scores), pass, reason, state: 'graded', costUsd, ...usage };
  });
}

/** The judge calls' tokens summed over the samples; none for assertions (they call nothing). */
function judgeUsage(entries: readonly GradeRecord[]): Pick<GradeRecord, 'tokensIn' | 'tokensOut' | 'tokensCached'> {
  if (!entries.some((g) => g.tokensIn !== undefined)) return {};
  const total = (pick: (g: GradeRecord) => number | undefined) => entries.reduce((sum, g) => sum + (pick(g) ?? 0), 0);
  return { tokensIn: total((g) => g.tokensIn), tokensOut: total((g) => g.tokensOut), tokensCached: total((g) => g.tokensCached) };
}

/**
 * The one stored cell of a `refinery.repeat: N` cell (N > 1), from its samples in order:
 * - status `failed` when any sample failed (resume then runs all N again), else `completed`;
 * - output, latency and provider timings of the first sample; the first failure's error;
 * - tokens, cost and attempts summed over the samples (what the cell cost);
 * - grade: a strict majority of the samples passes (a tie fails; an ungraded sample is no pass,
 *   and the cell is ungraded while such samples could tip it, see `majorityPass`), the score is
 *   the mean of the samples' scores, each grader's entry aggregated the same way with its cost
 *   and judge tokens summed;
 * - every sample kept in `samples`, each with its own grade;
 * - the request of the first sample that sent one (the samples send the same messages).
 */
export function repeatedCell(
  key: Pick<CellInput, 'runModelId' | 'datasetRowId'>,
  finished: readonly FinishedSample[],
): CellInput {
  const samples = finished.map((f) => f.sample);
  const first = finished[0];
  const failedAt = samples.findIndex((s) => s.errorText !== null);
  const flags = samples.map((s) => s.gradePass);
  const graded = flags.filter((f) => f !== null).length;
  const gradePass = majorityPass(flags);
  const scores = samples.map((s) => s.gradeScore).filter((s): s is number => s !== null);
  const cost = sumKnown(samples.map((s) => s.costUsd));
  const ungraded = samples.length - graded;
  const passCount = `${flags.filter((f) => f === true).length}/${plural(samples.length, 'sample')} pass`;
  const gradeReason =
    graded > 0
      ? gradePass === null
        ? `${passCount}, ${ungraded} ungraded: no majority either way`
        : `${passCount} (majority)${ungraded > 0 ? `, ${ungraded} ungraded` : ''}`
      : scores.length > 0
        ? `mean score of ${plural(scores.length, 'sample')}`
        : null;
  return {
    ...key,
    status: failedAt === -1 ? 'completed' : 'failed',
    outputText: first?.sample.outputText ?? null,
    errorText: failedAt === -1 ? null : `sample ${failedAt + 1} of ${samples.length}: ${samples[failedAt]?.errorText ?? ''}`,
    latencyMs: first?.sample.latencyMs ?? null,
    tokensIn: sumKnown(samples.map((s) => s.tokensIn)),
    tokensOut: sumKnown(samples.map((s) => s.tokensOut)),
    tokensCached: sumKnown(samples.map((s) => s.tokensCached)),
    costUsd: cost === null ? null : roundUsd(cost),
    gradeScore: mean(scores),
    gradePass,
    gradeReason,
    grades: aggregateGrades(samples),
    attempts: finished.reduce((sum, f) => sum + f.attempts, 0),
    providerTiming: first?.providerTiming ?? {},
    simulated: finished.some((f) => f.simulated),
    samples,
    request: finished.find((f) => f.request)?.request ?? null,
  };
}
