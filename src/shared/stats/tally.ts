/** `total` plus (`sign` 1) or minus (`sign` -1) `part`, field by field: for tallies kept incrementally. */
export function addTally<T extends { [K in keyof T]: number }>(total: T, part: T, sign: 1 | -1 = 1): T {
  const sum = { ...total };
  for (const key of Object.keys(part) as Array<keyof T>) sum[key] = (total[key] + sign * part[key]) as T[keyof T];
  return sum;
}
