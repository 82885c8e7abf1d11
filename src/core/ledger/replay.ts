import { BUCKETS, type Bucket, isBucketSide } from './buckets.ts';
import type { Movement } from './movement.ts';
import { type BucketQuantities, ZERO_QUANTITIES } from './position.ts';

/** Positions keyed `sku\u0000node`, and account balances keyed `sku\u0000account`. */
export type Replayed = {
  readonly positions: Map<string, BucketQuantities>;
  readonly accounts: Map<string, number>;
};

export const positionKey = (sku: string, node: string): string => `${sku}\u0000${node}`;

/**
 * Folds movements from empty into positions and account balances. This is the reference model the
 * stores' projections are checked against (`omnistock replay --verify`, property tests): a
 * movement subtracts from its `from` side and adds to its `to` side, so every SKU sums to zero.
 */
export function replayMovements(movements: Iterable<Movement>): Replayed {
  const positions = new Map<string, { [B in Bucket]: number }>();
  const accounts = new Map<string, number>();
  const addToSide = (m: Movement, side: Movement['from'], delta: number): void => {
    if (isBucketSide(side)) {
      const key = positionKey(m.sku, side.node);
      let q = positions.get(key);
      if (!q) {
        q = { ...ZERO_QUANTITIES };
        positions.set(key, q);
      }
      q[side.bucket] += delta;
    } else {
      const key = positionKey(m.sku, side.account);
      accounts.set(key, (accounts.get(key) ?? 0) + delta);
    }
  };
  for (const m of movements) {
    addToSide(m, m.from, -m.qty);
    addToSide(m, m.to, m.qty);
  }
  return { positions, accounts };
}

/** Sum over every bucket and account of each SKU; conservation says every value is zero. */
export function conservationBySku(replayed: Replayed): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [key, q] of replayed.positions) {
    const sku = key.slice(0, key.indexOf('\u0000'));
    let sum = 0;
    for (const bucket of BUCKETS) sum += q[bucket];
    totals.set(sku, (totals.get(sku) ?? 0) + sum);
  }
  for (const [key, balance] of replayed.accounts) {
    const sku = key.slice(0, key.indexOf('\u0000'));
    totals.set(sku, (totals.get(sku) ?? 0) + balance);
  }
  return totals;
}
