// Unit tests of decideCycleCount: a count is a snapshot as of its business time, a count not newer
// than the last applied one is superseded, and a variance larger than one movement may carry is
// split. Method: a hand-made LedgerView answering exactly the facts each case needs.
import { describe, expect, it } from 'vitest';
import type { NodeId, Sku } from '../ids.ts';
import { limits } from '../limits.ts';
import { decideCycleCount } from './decide-cycle-count.ts';
import type { LedgerView } from './ledger-view.ts';
import { type BucketQuantities, ZERO_QUANTITIES } from './position.ts';

const sku = 'A' as Sku;
const node = 'S1' as NodeId;

function view(q: Partial<BucketQuantities>, lastCountedAtMs: number | null, movedAfter: Record<number, number> = {}): LedgerView {
  return {
    quantities: () => ({ ...ZERO_QUANTITIES, ...q }),
    lastCountedAtMs: () => lastCountedAtMs,
    sellableMovedAfter: (_s, _n, afterMs) => movedAfter[afterMs] ?? 0,
    inboundDocument: () => undefined,
    transferLine: () => undefined,
  };
}

describe('decideCycleCount', () => {
  it('books a shortfall to shrink and a surplus from shrink, at the count time', () => {
    const short = decideCycleCount(sku, node, 7, view({ available: 10 }, null), 100);
    expect(short.movements).toEqual([
      { sku, from: { node, bucket: 'available' }, to: { account: 'shrink' }, qty: 3, reason: 'cycle_count', occurredAtMs: 100 },
    ]);
    expect(short.count).toEqual({ sku, node, countedAtMs: 100, countedQty: 7, expectedQty: 10, variance: -3, superseded: false });
    const surplus = decideCycleCount(sku, node, 12, view({ available: 10 }, null), 100);
    expect(surplus.movements).toEqual([
      { sku, from: { account: 'shrink' }, to: { node, bucket: 'available' }, qty: 2, reason: 'cycle_count', occurredAtMs: 100 },
    ]);
  });

  it('counts reserved and allocated units as on the shelf, and not quarantine or inbound', () => {
    const c = decideCycleCount(sku, node, 9, view({ available: 4, reserved: 3, allocated: 2, quarantine: 5, inbound: 7 }, null), 100);
    expect(c.count).toMatchObject({ expectedQty: 9, variance: 0 });
    expect(c.movements).toEqual([]);
  });

  it('takes the count as of its time: sellable changes after it are not expected on the shelf', () => {
    // 10 available now, but 2 were sold after the count's time: the shelf held 12 then.
    const c = decideCycleCount(sku, node, 12, view({ available: 10 }, null, { 100: -2 }), 100);
    expect(c.count).toMatchObject({ expectedQty: 12, variance: 0 });
    expect(c.movements).toEqual([]);
  });

  it('records a count at or before the last applied count as superseded, moving nothing', () => {
    for (const t of [50, 100]) {
      const c = decideCycleCount(sku, node, 0, view({ available: 10 }, 100), t);
      expect(c.count).toMatchObject({ superseded: true, variance: -10 });
      expect(c.movements).toEqual([]);
    }
    expect(decideCycleCount(sku, node, 0, view({ available: 10 }, 100), 101).count?.superseded).toBe(false);
  });

  it('splits a variance above qtyMax into movements of at most qtyMax (regression: the assertion failed the whole transaction)', () => {
    const c = decideCycleCount(sku, node, 5, view({ available: -limits.qtyMax }, null), 100);
    expect(c.count?.variance).toBe(limits.qtyMax + 5);
    expect(c.movements.map((m) => m.qty)).toEqual([limits.qtyMax, 5]);
    expect(c.movements.every((m) => m.reason === 'cycle_count' && 'account' in m.from)).toBe(true);
  });
});
