import { assert } from '../assert.ts';
import type { NodeId } from '../ids.ts';
import { distanceKm } from './haversine.ts';
import type { ExclusionReason, SourcingContext, SourcingRequest } from './sourcing-types.ts';

/** What sourcing knows of one channel node. */
export type NodeInfo = {
  readonly node: NodeId;
  readonly distanceKm: number | null;
  readonly handlingCost: number;
  readonly remainingCapacity: number;
  /** Distance plus handling: what one shipment from this node costs before split and margin terms. */
  readonly shipmentCost: number;
  readonly excludedBecause: ExclusionReason | null;
};

/** The facts of one sourcing run, keyed for fast lookup. Built once per request. */
export type SourcingIndex = {
  /** Channel nodes by id (sorted), eligible or not. */
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  /** ATS per `sku\u0000node`, before this order takes any. */
  readonly ats: ReadonlyMap<string, number>;
};

export const stockKey = (sku: string, node: string): string => `${sku}\u0000${node}`;

/**
 * Indexes master data and stock for one request and decides each channel node's eligibility:
 * known, not excluded, fulfils the method (for pickup: is the pickup store), has capacity left today.
 * ATS is checked later, against the order's SKUs.
 */
export function buildSourcingIndex(request: SourcingRequest, context: SourcingContext): SourcingIndex {
  const master = new Map(context.nodes.map((n) => [n.nodeId as string, n]));
  const excluded = new Set<string>(request.excludeNodes ?? []);
  const w = context.weights;
  const nodes = new Map<string, NodeInfo>();
  for (const id of [...new Set(request.channel.nodes)].sort()) {
    const m = master.get(id);
    const handlingCost = Object.hasOwn(w.handlingCost.byNode, id) ? (w.handlingCost.byNode[id] ?? w.handlingCost.default) : w.handlingCost.default;
    const used = Object.hasOwn(context.fulfilmentOrdersToday, id) ? (context.fulfilmentOrdersToday[id] ?? 0) : 0;
    const remainingCapacity = m === undefined ? 0 : Math.max(0, m.capacityPerDay - used);
    // Pickup orders travel nowhere: distance is not a cost there.
    const km = m !== undefined && request.shipTo !== undefined && request.method === 'ship' ? distanceKm(m, request.shipTo) : null;
    const excludedBecause: ExclusionReason | null =
      m === undefined
        ? 'unknown_node'
        : excluded.has(id)
          ? 'excluded'
          : !m.fulfils.includes(request.method)
            ? 'method_not_fulfilled'
            : request.method === 'pickup' && id !== request.pickupNode
              ? 'not_pickup_node'
              : remainingCapacity < 1
                ? 'no_capacity'
                : null;
    const shipmentCost = (km ?? 0) * w.distanceCostPerKm + handlingCost;
    nodes.set(id, { node: id as NodeId, distanceKm: km, handlingCost, remainingCapacity, shipmentCost, excludedBecause });
  }
  const ats = new Map<string, number>();
  for (const s of context.ats) {
    const key = stockKey(s.sku, s.node);
    assert(!ats.has(key), `ATS of ${s.sku} at ${s.node} given twice`);
    assert(Number.isSafeInteger(s.ats) && s.ats >= 0, `ATS must be a non-negative integer: ${s.ats}`);
    ats.set(key, s.ats);
  }
  return { nodes, ats };
}
