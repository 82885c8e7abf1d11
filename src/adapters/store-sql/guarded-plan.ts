import { assert } from '../../core/assert.ts';
import { BUCKETS, isBucketSide } from '../../core/ledger/buckets.ts';
import { emptyChange } from '../../core/ledger/ledger-change.ts';
import type { Movement } from '../../core/ledger/movement.ts';
import { positionKey } from '../../core/ledger/replay.ts';
import { changeRows, type PositionDelta } from './change-rows.ts';

/** Summed demand on one node's `available`, taken by one guarded update. */
export type GuardedDemand = { readonly sku: string; readonly node: string; readonly qty: number; readonly floor: number; readonly firstIndex: number };

/**
 * A demand with every other change the command makes to the same position (`delta`: the guarded
 * part taken out), so one statement can guard and apply the whole row: PostgreSQL cannot update
 * a row twice in one statement, and one update per position is one fewer write anyway.
 */
export type MergedDemand = GuardedDemand & { readonly delta: PositionDelta };

/**
 * Plans `applyGuardedMovements` for both adapters: the demand on each (sku, node)'s `available`
 * summed over the movements (one guard per position, not one per row: STYLE §8), in key order,
 * then the remaining deltas (the other side of each movement, and any movement not out of
 * `available`) with the guarded part taken out, and the movement rows.
 */
export function guardedPlan(movements: readonly Movement[], eventSeq: number, floorOf: (sku: string, node: string) => number, recordedAtMs: number) {
  const demand = new Map<string, { sku: string; node: string; qty: number; firstIndex: number }>();
  movements.forEach((m, index) => {
    if (!isBucketSide(m.from) || m.from.bucket !== 'available') return;
    const key = positionKey(m.sku, m.from.node);
    const d = demand.get(key) ?? { sku: m.sku, node: m.from.node, qty: 0, firstIndex: index };
    d.qty += m.qty;
    demand.set(key, d);
  });
  const demands: GuardedDemand[] = [...demand.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => ({ ...d, floor: floorOf(d.sku, d.node) }));
  const rows = changeRows([{ eventSeq, change: { ...emptyChange(), movements } }], recordedAtMs);
  const deltas: PositionDelta[] = rows.positionDeltas
    .map((d) => {
      const guarded = demand.get(positionKey(d.sku, d.node))?.qty ?? 0;
      return { ...d, available: d.available + guarded };
    })
    .filter((d) => BUCKETS.some((b) => d[b] !== 0));
  return { demands, deltas, movementRows: rows.movements };
}

/**
 * `guardedPlan` with each demand merged with its position's delta, and the deltas of positions
 * without demand apart. Workflow movements never carry a count time, so a merged delta has none.
 */
export function mergedGuardedPlan(movements: readonly Movement[], eventSeq: number, floorOf: (sku: string, node: string) => number, recordedAtMs: number) {
  const plan = guardedPlan(movements, eventSeq, floorOf, recordedAtMs);
  const byKey = new Map(plan.deltas.map((d) => [positionKey(d.sku, d.node), d]));
  const merged: MergedDemand[] = plan.demands.map((d) => {
    const key = positionKey(d.sku, d.node);
    const delta = byKey.get(key) ?? { ...emptyDelta(d.sku, d.node) };
    byKey.delete(key);
    assert(delta.lastCountedAtMs === null, 'a guarded workflow movement carries no count time');
    return { ...d, delta };
  });
  return { merged, rest: [...byKey.values()], movementRows: plan.movementRows };
}

const emptyDelta = (sku: string, node: string): PositionDelta => ({
  sku,
  node,
  available: 0,
  reserved: 0,
  allocated: 0,
  quarantine: 0,
  refurbish: 0,
  damaged: 0,
  inbound: 0,
  lastCountedAtMs: null,
});
