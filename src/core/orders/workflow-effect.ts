import type { Movement } from '../ledger/movement.ts';
import type { FulfilmentOrder } from './fulfilment-order.ts';
import type { ShortPick } from './short-pick.ts';

/** Why a customer is told something. */
export const NOTIFICATION_REASONS = ['line_cancelled', 'substitute_proposed', 'substitute_accepted'] as const;
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];

/** An outbound `customer.notification` message, delivered through the outbox by the shell. */
export type CustomerNotification = {
  readonly type: 'customer.notification';
  readonly orderId: string;
  readonly channelId: string;
  readonly reason: NotificationReason;
  readonly sku: string;
  /** Units the message is about (cancelled, or offered/sent as the substitute). */
  readonly qty: number;
  readonly substituteSku?: string;
};

/**
 * What a workflow transition asks the shell to do, in order, in the same transaction as the new
 * state. The core decides; the shell performs (movements through guarded updates, timers in the
 * store, messages through the outbox).
 */
export type WorkflowEffect =
  | { readonly kind: 'movement'; readonly movement: Movement }
  | { readonly kind: 'create_fulfilment_order'; readonly fulfilmentOrder: FulfilmentOrder }
  | { readonly kind: 'schedule_reservation_expiry'; readonly reservationId: string; readonly atMs: number }
  | { readonly kind: 'cancel_reservation_expiry'; readonly reservationId: string }
  | { readonly kind: 'start_short_pick'; readonly shortPick: ShortPick }
  | { readonly kind: 'outbound_message'; readonly message: CustomerNotification };

/** A transition's outcome: the new state plus the effects to perform. */
export type Transitioned<S> = { readonly state: S; readonly effects: readonly WorkflowEffect[] };
