import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClusterTable } from '../../../stats/index';

/** One dataset of test/fixtures/clustered-pairs/clust-bin-pair-reference.json and R's values for it. */
export interface ClustBinPairCase {
  readonly name: string;
  readonly description: string;
  readonly clusters: ClusterTable[];
  readonly expect: Record<
    'yang' | 'obuchowski' | 'durkalski' | 'eliasziw' | 'mcnemar',
    { readonly statistic: number; readonly pValue: number }
  > & { readonly estimate: number; readonly designEffect: number };
}

export function loadClustBinPairCases(): ClustBinPairCase[] {
  const url = new URL('../../fixtures/clustered-pairs/clust-bin-pair-reference.json', import.meta.url);
  return (JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as { datasets: ClustBinPairCase[] }).datasets;
}

/** The documented @example of `clusteredMcNemarTest` and `clusteredPairedDifference`: 6 passages, every flip an improvement. */
export const documentedPassages: readonly ClusterTable[] = [
  { n11: 2, n10: 0, n01: 1, n00: 1 },
  { n11: 0, n10: 0, n01: 2, n00: 2 },
  { n11: 3, n10: 0, n01: 1, n00: 0 },
  { n11: 1, n10: 0, n01: 3, n00: 0 },
  { n11: 4, n10: 0, n01: 0, n00: 1 },
  { n11: 2, n10: 0, n01: 1, n00: 2 },
];
