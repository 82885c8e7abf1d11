import { assert } from '../assert.ts';
import type { BucketQuantities } from '../ledger/position.ts';

/**
 * Inventory position: `available + reserved + allocated + inbound − backorders`. Everything the
 * node has or is owed, minus what it already owes. Inbound counts whether or not it is late:
 * dropping a late transfer from the position is exactly what makes naive systems order twice.
 * Quarantine, refurbish and damaged stock are not sellable, so they do not count.
 *
 * @example inventoryPosition({ ...ZERO_QUANTITIES, available: 10, reserved: 2, inbound: 30 }, 5) // 37
 */
export function inventoryPosition(q: BucketQuantities, backorderUnits: number): number {
  assert(Number.isSafeInteger(backorderUnits) && backorderUnits >= 0, `backorders must be a non-negative integer, got ${backorderUnits}`);
  return q.available + q.reserved + q.allocated + q.inbound - backorderUnits;
}
