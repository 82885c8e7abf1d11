import { type DomainError, domainError } from '../errors.ts';
import type { NodeId, Sku } from '../ids.ts';
import { at } from '../ledger/buckets.ts';
import { type MovementReason, movement } from '../ledger/movement.ts';
import { err, ok, type Result } from '../result.ts';
import type { Allocation, ShortLine, SourcingDecision } from '../sourcing/sourcing-types.ts';
import type { FulfilmentOrder } from './fulfilment-order.ts';
import type { WorkflowEffect } from './workflow-effect.ts';

/** A sourcing decision turned into fulfilment orders (one per node) and the movements that fund them. */
export type AllocatedOrder = { readonly fulfilmentOrders: readonly FulfilmentOrder[]; readonly effects: readonly WorkflowEffect[] };

/** `insufficient_available` with the short lines and what is available (the 409 body). */
export type InsufficientAvailable = DomainError & { readonly shortLines: readonly ShortLine[] };

/**
 * Deterministic fulfilment-order ids: `<orderId>/F<seq>`, numbered from `firstSeq` over nodes in id
 * order. The core has no random ids; the caller passes how many fulfilment orders the order has.
 */
export const fulfilmentOrderId = (orderId: string, seq: number): string => `${orderId}/F${seq}`;

/**
 * Groups allocations by node into fulfilment orders and emits, per (sku, node), one movement
 * `from` → allocated: available for an order placed directly (or re-sourced), reserved for a
 * confirmed reservation.
 */
export function allocateOrder(
  orderId: string,
  channelId: string,
  allocations: readonly Allocation[],
  from: 'available' | 'reserved',
  firstSeq: number,
  nowMs: number,
): AllocatedOrder {
  const byNode = new Map<NodeId, Map<Sku, number>>();
  for (const a of allocations) {
    const skus = byNode.get(a.node) ?? new Map<Sku, number>();
    skus.set(a.sku, (skus.get(a.sku) ?? 0) + a.qty);
    byNode.set(a.node, skus);
  }
  const reason: MovementReason = 'allocation';
  const fulfilmentOrders: FulfilmentOrder[] = [];
  const effects: WorkflowEffect[] = [];
  [...byNode.keys()].sort().forEach((node, i) => {
    const skus = [...(byNode.get(node) ?? new Map<Sku, number>())].sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [sku, qty] of skus) effects.push({ kind: 'movement', movement: movement(sku, at(node, from), at(node, 'allocated'), qty, reason, nowMs) });
    const fo: FulfilmentOrder = {
      id: fulfilmentOrderId(orderId, firstSeq + i),
      orderId,
      channelId,
      node,
      status: 'allocated',
      lines: skus.map(([sku, qty]) => ({ sku, qty, pickedQty: null })),
      updatedAtMs: nowMs,
    };
    fulfilmentOrders.push(fo);
    effects.push({ kind: 'create_fulfilment_order', fulfilmentOrder: fo });
  });
  return { fulfilmentOrders, effects };
}

/**
 * An order that arrives paid (`POST /v1/orders`): allocate the sourcing decision directly,
 * available → allocated. All-or-nothing unless `allowPartial`; nothing allocated is always an error.
 */
export function placeOrder(
  orderId: string,
  channelId: string,
  decision: SourcingDecision,
  allowPartial: boolean,
  nowMs: number,
): Result<AllocatedOrder, InsufficientAvailable> {
  if (decision.allocations.length === 0 || (decision.shortLines.length > 0 && !allowPartial)) return err(insufficient(decision.shortLines));
  return ok(allocateOrder(orderId, channelId, decision.allocations, 'available', 1, nowMs));
}

export function insufficient(shortLines: readonly ShortLine[]): InsufficientAvailable {
  const skus = shortLines.map((s) => s.sku).join(', ');
  return { ...domainError('insufficient_available', `not enough available to sell for: ${skus || 'every line'}`, 'lines'), shortLines };
}
