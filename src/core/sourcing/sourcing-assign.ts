import type { NodeId, Sku } from '../ids.ts';
import type { SourcingPolicy } from '../policy/policy-schema.ts';
import { type SourcingIndex, stockKey } from './sourcing-index.ts';
import type { Allocation, OptionTrace } from './sourcing-types.ts';

/** An unpinned order line still to source. */
export type Demand = { readonly lineIndex: number; readonly sku: Sku; readonly qty: number };

/** Allocations of one node set, with the units taken per `sku\u0000node` (pinned lines included). */
export type Assignment = {
  readonly allocations: readonly Allocation[];
  readonly taken: ReadonlyMap<string, number>;
  readonly used: readonly NodeId[];
};

/**
 * Fills each line from the nodes of `set` holding the most of its SKU first (then cheaper shipment,
 * then smaller id): taking from the deepest shelf keeps low-stock nodes whole, which is what the
 * margin-protection term rewards. `takenBefore` holds units pinned lines already took.
 */
export function assignLines(set: readonly NodeId[], demand: readonly Demand[], index: SourcingIndex, takenBefore: ReadonlyMap<string, number>): Assignment {
  const taken = new Map(takenBefore);
  const left = (sku: string, node: string) => (index.ats.get(stockKey(sku, node)) ?? 0) - (taken.get(stockKey(sku, node)) ?? 0);
  const allocations: Allocation[] = [];
  for (const line of demand) {
    let need = line.qty;
    const order = [...set].sort((a, b) => left(line.sku, b) - left(line.sku, a) || shipmentCost(index, a) - shipmentCost(index, b) || (a < b ? -1 : 1));
    for (const node of order) {
      if (need === 0) break;
      const qty = Math.min(need, left(line.sku, node));
      if (qty <= 0) continue;
      allocations.push({ lineIndex: line.lineIndex, sku: line.sku, node, qty });
      taken.set(stockKey(line.sku, node), (taken.get(stockKey(line.sku, node)) ?? 0) + qty);
      need -= qty;
    }
  }
  const used = [...new Set([...takenNodes(takenBefore), ...allocations.map((a) => a.node)])].sort() as NodeId[];
  return { allocations, taken, used };
}

function takenNodes(taken: ReadonlyMap<string, number>): NodeId[] {
  return [...taken.entries()].filter(([, q]) => q > 0).map(([k]) => k.slice(k.indexOf('\u0000') + 1) as NodeId);
}

const shipmentCost = (index: SourcingIndex, node: string): number => index.nodes.get(node)?.shipmentCost ?? 0;

/**
 * The weighted cost of an assignment (docs/sourcing.md):
 * Σ per shipment (distanceKm × distanceCostPerKm + handlingCost) + splitPenalty × (shipments − 1)
 * + lowStock.costPerUnit × units taken from below a node's last `lowStock.unitsBelow` ATS.
 */
export function costOf(assignment: Assignment, index: SourcingIndex, weights: SourcingPolicy): OptionTrace {
  let distanceCost = 0;
  let handlingCost = 0;
  for (const node of assignment.used) {
    const info = index.nodes.get(node);
    distanceCost += (info?.distanceKm ?? 0) * weights.distanceCostPerKm;
    handlingCost += info?.handlingCost ?? 0;
  }
  const splitCost = weights.splitPenalty * Math.max(0, assignment.used.length - 1);
  let protectedUnits = 0;
  for (const [key, t] of [...assignment.taken.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const after = (index.ats.get(key) ?? 0) - t;
    protectedUnits += Math.max(0, Math.min(t, weights.lowStock.unitsBelow - after));
  }
  const marginProtectionCost = protectedUnits * weights.lowStock.costPerUnit;
  const cost = distanceCost + handlingCost + splitCost + marginProtectionCost;
  return { nodes: assignment.used, shipments: assignment.used.length, cost, distanceCost, handlingCost, splitCost, marginProtectionCost };
}
