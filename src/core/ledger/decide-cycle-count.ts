import type { NodeId, Sku } from '../ids.ts';
import { account, at } from './buckets.ts';
import { emptyChange, type LedgerChange } from './ledger-change.ts';
import type { LedgerView } from './ledger-view.ts';
import { movement } from './movement.ts';

/**
 * A cycle count is a snapshot of sellable units on the shelf *as of* its business time `t`.
 * Expected = sellable now − what moved after `t` (events that happened after the count but were
 * applied before it arrived). The variance moves between available and shrink at time `t`.
 * A count older than one already applied is recorded but superseded: it moves nothing.
 */
export function decideCycleCount(sku: Sku, node: NodeId, countedQty: number, view: LedgerView, t: number): LedgerChange {
  const q = view.quantities(sku, node);
  const expectedQty = q.available + q.reserved + q.allocated - view.sellableMovedAfter(sku, node, t);
  const lastCountedAt = view.lastCountedAtMs(sku, node);
  const superseded = lastCountedAt !== null && t <= lastCountedAt;
  const variance = countedQty - expectedQty;
  const count = { sku, node, countedAtMs: t, countedQty, expectedQty, variance, superseded };
  if (superseded || variance === 0) return { ...emptyChange(), count };
  const m =
    variance > 0
      ? movement(sku, account('shrink'), at(node, 'available'), variance, 'cycle_count', t)
      : movement(sku, at(node, 'available'), account('shrink'), -variance, 'cycle_count', t);
  return { ...emptyChange(), movements: [m], count };
}
