import { addClusters, clusteredRate, clusterOf, NO_CLUSTERS, type ClusteredRate } from '../../shared/stats/clustered-rate';

/**
 * The pass rate over the samples of repeated cells (`refinery.repeat`), clustered by cell: a
 * sample passes when its verdict is a pass; an errored or ungraded sample did not pass.
 */
export function samplePassRate(cells: ReadonlyArray<{ samples: ReadonlyArray<{ gradePass: boolean | null }> }>): ClusteredRate | null {
  let sums = NO_CLUSTERS;
  for (const cell of cells) {
    if (cell.samples.length === 0) continue;
    sums = addClusters(sums, clusterOf(cell.samples.filter((s) => s.gradePass === true).length, cell.samples.length));
  }
  return clusteredRate(sums);
}
