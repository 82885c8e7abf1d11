import { AssertionError, assertNever } from '../assert.ts';
import { type DomainError, domainError } from '../errors.ts';
import { at } from '../ledger/buckets.ts';
import { movement } from '../ledger/movement.ts';
import { allocateOrder } from '../orders/allocate-order.ts';
import type { Transitioned, WorkflowEffect } from '../orders/workflow-effect.ts';
import { err, ok, type Result } from '../result.ts';
import { RESERVATION_TRANSITIONS, type Reservation, type ReservationState } from './reservation.ts';

export type ReservationEvent =
  /** `orderId` is chosen by the shell; fulfilment orders are `<orderId>/F1…` in node order. */
  | { readonly type: 'confirm'; readonly orderId: string }
  | { readonly type: 'release' }
  /** Sent by the expiry timer. */
  | { readonly type: 'expire' };

const TARGET = { confirm: 'confirmed', release: 'released', expire: 'expired' } as const satisfies Record<ReservationEvent['type'], ReservationState>;

/**
 * Resolves an active reservation once:
 * - confirm: reserved → allocated, one fulfilment order per node; refused once `expiresAtMs` has
 *   passed (`reservation_expired`: the hold lapsed even if the timer has not run yet);
 * - release: reserved → available;
 * - expire: reserved → available, only at or after `expiresAtMs` (`reservation_not_expired`).
 * A resolved reservation is never touched again: every event on it is an error naming its state.
 */
export function transitionReservation(r: Reservation, event: ReservationEvent, nowMs: number): Result<Transitioned<Reservation>, DomainError> {
  const target = TARGET[event.type];
  if (!(RESERVATION_TRANSITIONS[r.status] as readonly ReservationState[]).includes(target)) return err(terminal(r));
  const expired = nowMs >= r.expiresAtMs;
  const cancelTimer: WorkflowEffect = { kind: 'cancel_reservation_expiry', reservationId: r.id };
  switch (event.type) {
    case 'confirm': {
      if (expired) return err(domainError('reservation_expired', `reservation ${r.id} expired at ${new Date(r.expiresAtMs).toISOString()}`));
      const allocations = r.lines.map((l) => ({ lineIndex: 0, sku: l.sku, node: l.node, qty: l.qty }));
      const order = allocateOrder(event.orderId, r.channelId, allocations, 'reserved', 1, nowMs);
      return ok({ state: { ...r, status: 'confirmed', closedAtMs: nowMs, orderId: event.orderId }, effects: [...order.effects, cancelTimer] });
    }
    case 'release':
      return ok({ state: { ...r, status: 'released', closedAtMs: nowMs }, effects: [...giveBack(r, 'reservation_release', nowMs), cancelTimer] });
    case 'expire':
      if (!expired) return err(domainError('reservation_not_expired', `reservation ${r.id} holds until ${new Date(r.expiresAtMs).toISOString()}`));
      return ok({ state: { ...r, status: 'expired', closedAtMs: nowMs }, effects: giveBack(r, 'reservation_expiry', nowMs) });
    default:
      return assertNever(event, 'reservation event');
  }
}

function giveBack(r: Reservation, reason: 'reservation_release' | 'reservation_expiry', nowMs: number): WorkflowEffect[] {
  return r.lines.map((l) => ({ kind: 'movement', movement: movement(l.sku, at(l.node, 'reserved'), at(l.node, 'available'), l.qty, reason, nowMs) }));
}

function terminal(r: Reservation): DomainError {
  const message = `reservation ${r.id} is already ${r.status}`;
  switch (r.status) {
    case 'confirmed':
      return domainError('reservation_already_confirmed', message);
    case 'released':
      return domainError('reservation_already_released', message);
    case 'expired':
      return domainError('reservation_expired', message);
    case 'active':
      throw new AssertionError('an active reservation accepts every event');
    default:
      return assertNever(r.status, 'reservation state');
  }
}
