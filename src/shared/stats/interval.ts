/** A two-sided 95 % interval, as fractions (a rate, a difference) or on the score's own scale. */
export interface Interval {
  lower: number;
  upper: number;
}

/** The standard normal's 97.5th percentile: the z of every two-sided 95 % interval here. */
export const Z_95 = 1.959963984540054;

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
