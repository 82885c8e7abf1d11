import type { NodeId, Sku } from '../ids.ts';
import { account, at, isBucketSide, SELLABLE_BUCKETS, type Side } from './buckets.ts';
import type { LedgerChange } from './ledger-change.ts';
import type { LedgerView } from './ledger-view.ts';
import { type Movement, movement } from './movement.ts';

const SELLABLE: ReadonlySet<string> = new Set(SELLABLE_BUCKETS);
const isSellable = (side: Side, node: NodeId): boolean => isBucketSide(side) && side.node === node && SELLABLE.has(side.bucket);

/** Net change of sellable units at `node` caused by `movements`. */
export function sellableDelta(movements: readonly Movement[], node: NodeId): number {
  let delta = 0;
  for (const m of movements) {
    if (isSellable(m.to, node)) delta += m.qty;
    if (isSellable(m.from, node)) delta -= m.qty;
  }
  return delta;
}

/**
 * A late event (it happened at or before the last cycle count of that SKU at a node it touches)
 * was already seen by the count: the counter found the sold unit missing and booked it to shrink.
 * The event is still recorded as it happened, so the ledger tells the truth about the sale, but a
 * correction between available and shrink reverses its effect on the shelf, so on-hand does not
 * move twice. Net: a late sale turns counted shrink into a sale.
 */
export function withLatePostingCorrection(sku: Sku, change: LedgerChange, view: LedgerView, t: number): LedgerChange {
  // Runs for every event, so the common case (no count at or after `t`) allocates only `nodes`.
  let corrections: Movement[] | null = null;
  for (const node of nodesOf(change.movements)) {
    const countedAt = view.lastCountedAtMs(sku, node);
    if (countedAt === null || t > countedAt) continue;
    const delta = sellableDelta(change.movements, node);
    if (delta === 0) continue;
    corrections ??= [];
    if (delta > 0) corrections.push(movement(sku, at(node, 'available'), account('shrink'), delta, 'late_posting_correction', t));
    else corrections.push(movement(sku, account('shrink'), at(node, 'available'), -delta, 'late_posting_correction', t));
  }
  if (corrections === null) return change;
  return { ...change, movements: [...change.movements, ...corrections], late: true };
}

/** The nodes `movements` touch, in first-seen order (one or two: an array beats a Set here). */
function nodesOf(movements: readonly Movement[]): NodeId[] {
  const nodes: NodeId[] = [];
  for (const m of movements) {
    if (isBucketSide(m.from) && !nodes.includes(m.from.node)) nodes.push(m.from.node);
    if (isBucketSide(m.to) && !nodes.includes(m.to.node)) nodes.push(m.to.node);
  }
  return nodes;
}
