import { assert } from '../assert.ts';
import type { NodeId, Sku } from '../ids.ts';
import { at } from '../ledger/buckets.ts';
import { movement } from '../ledger/movement.ts';
import { limits } from '../limits.ts';
import { type InsufficientAvailable, insufficient } from '../orders/allocate-order.ts';
import type { Transitioned, WorkflowEffect } from '../orders/workflow-effect.ts';
import type { ChannelPolicy } from '../policy/policy-schema.ts';
import { err, ok, type Result } from '../result.ts';
import type { SourcingDecision } from '../sourcing/sourcing-types.ts';
import type { Reservation, ReservationLine } from './reservation.ts';

export type OpenReservationInput = {
  readonly id: string;
  readonly channelId: string;
  readonly orderRef: string;
  /** From the request; else the channel policy's `reservationTtlSeconds`; else the default. */
  readonly ttlSeconds?: number;
};

/**
 * Holds the units of a sourcing decision: available → reserved per (sku, node), and an expiry
 * timer. All-or-nothing unless the channel policy allows partial reservations; a reservation that
 * would hold nothing is always `insufficient_available` (with the short lines, for the 409).
 * The store applies each movement as a guarded update (`available - qty >= safetyStock`), so a
 * race lost after sourcing is also `insufficient_available`, never an oversell.
 */
export function openReservation(
  input: OpenReservationInput,
  decision: SourcingDecision,
  channelPolicy: ChannelPolicy | null,
  nowMs: number,
): Result<Transitioned<Reservation>, InsufficientAvailable> {
  const allowPartial = channelPolicy?.allowPartialReservations ?? false;
  if (decision.allocations.length === 0 || (decision.shortLines.length > 0 && !allowPartial)) return err(insufficient(decision.shortLines));
  const ttlSeconds = input.ttlSeconds ?? channelPolicy?.reservationTtlSeconds ?? limits.reservationTtlSecondsDefault;
  assert(Number.isSafeInteger(ttlSeconds) && ttlSeconds > 0 && ttlSeconds <= limits.reservationTtlSecondsMax, `ttlSeconds out of range: ${ttlSeconds}`);
  const held = new Map<string, ReservationLine>();
  for (const a of decision.allocations) {
    const key = `${a.sku}\u0000${a.node}`;
    held.set(key, { sku: a.sku, node: a.node, qty: (held.get(key)?.qty ?? 0) + a.qty });
  }
  const lines = [...held.keys()].sort().map((k) => held.get(k) as ReservationLine);
  const expiresAtMs = nowMs + ttlSeconds * 1000;
  const reservation: Reservation = {
    id: input.id,
    channelId: input.channelId,
    orderRef: input.orderRef,
    status: 'active',
    lines,
    createdAtMs: nowMs,
    expiresAtMs,
    closedAtMs: null,
    orderId: null,
  };
  const effects: WorkflowEffect[] = lines.map((l) => hold(l.sku, l.node, l.qty, nowMs));
  effects.push({ kind: 'schedule_reservation_expiry', reservationId: input.id, atMs: expiresAtMs });
  return ok({ state: reservation, effects });
}

const hold = (sku: Sku, node: NodeId, qty: number, nowMs: number): WorkflowEffect => ({
  kind: 'movement',
  movement: movement(sku, at(node, 'available'), at(node, 'reserved'), qty, 'reservation', nowMs),
});
