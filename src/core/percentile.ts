import { assert } from './assert.ts';

/**
 * Nearest-rank percentile of `values` (not necessarily sorted); null for none. Nearest rank, not
 * interpolation, so the answer is always one observed value (a cycle time, a latency). The SQL
 * outbox stores compute the same definition in SQL.
 *
 * @example
 * percentileNearestRank([5, 1, 3], 50) // 3
 */
export function percentileNearestRank(values: readonly number[], p: number): number | null {
  assert(p > 0 && p <= 100, `percentile out of range: ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
}
