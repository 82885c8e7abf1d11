import type { NodeId, Sku } from '../ids.ts';
import { BUCKETS, type Bucket, PHYSICAL_BUCKETS } from './buckets.ts';

/** Units per bucket of one SKU at one node. A projection of the ledger, never edited by hand. */
export type BucketQuantities = { readonly [B in Bucket]: number };

export type Position = BucketQuantities & {
  readonly sku: Sku;
  readonly node: NodeId;
  /** Business time of the newest cycle count applied here, epoch ms; null when never counted. */
  readonly lastCountedAtMs: number | null;
};

export const ZERO_QUANTITIES: BucketQuantities = {
  available: 0,
  reserved: 0,
  allocated: 0,
  quarantine: 0,
  refurbish: 0,
  damaged: 0,
  inbound: 0,
};

/** On-hand: every physical bucket (all but `inbound`). Derived, never stored. */
export function onHand(q: BucketQuantities): number {
  let total = 0;
  for (const bucket of PHYSICAL_BUCKETS) total += q[bucket];
  return total;
}

/**
 * Available-to-sell at a node: `max(0, available - safetyStock)` (ARCHITECTURE §1).
 * @example ats({ ...ZERO_QUANTITIES, available: 7 }, 2) // 5
 */
export function ats(q: BucketQuantities, safetyStock = 0): number {
  return Math.max(0, q.available - safetyStock);
}

/** Adds `b` to `a`, bucket by bucket. */
export function addQuantities(a: BucketQuantities, b: BucketQuantities): BucketQuantities {
  const sum = { ...ZERO_QUANTITIES };
  for (const bucket of BUCKETS) sum[bucket] = a[bucket] + b[bucket];
  return sum;
}
