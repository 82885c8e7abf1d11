import type { NodeId, Sku } from '../ids.ts';
import { limits } from '../limits.ts';
import { account, at, type Side } from './buckets.ts';
import { emptyChange, type LedgerChange } from './ledger-change.ts';
import type { LedgerView } from './ledger-view.ts';
import { type Movement, movement } from './movement.ts';

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
  const [from, to] = variance > 0 ? [account('shrink'), at(node, 'available')] : [at(node, 'available'), account('shrink')];
  return { ...emptyChange(), movements: varianceMovements(sku, from, to, Math.abs(variance), t), count };
}

/**
 * The variance as movements of at most `limits.qtyMax` each: a count of up to qtyMax against a
 * ledger driven far negative by sales can differ by more than one movement may carry, and an
 * assertion there would fail the whole group-committed transaction.
 */
function varianceMovements(sku: Sku, from: Side, to: Side, qty: number, t: number): Movement[] {
  const movements: Movement[] = [];
  for (let left = qty; left > 0; left -= limits.qtyMax) {
    movements.push(movement(sku, from, to, Math.min(left, limits.qtyMax), 'cycle_count', t));
  }
  return movements;
}
