import type { NodeId, Sku } from '../ids.ts';

export const RESERVATION_STATES = ['active', 'confirmed', 'released', 'expired'] as const;
export type ReservationState = (typeof RESERVATION_STATES)[number];

/**
 * A reservation is a pending hold (TigerBeetle's two-phase transfer): resolved once, by confirm,
 * release or expire, and never touched again.
 */
export const RESERVATION_TRANSITIONS = {
  active: ['confirmed', 'released', 'expired'],
  confirmed: [],
  released: [],
  expired: [],
} as const satisfies Record<ReservationState, readonly ReservationState[]>;

/** Units of one SKU held at one node. */
export type ReservationLine = { readonly sku: Sku; readonly node: NodeId; readonly qty: number };

export type Reservation = {
  /** Chosen by the shell (from the Idempotency-Key), so a repeated request finds the same hold. */
  readonly id: string;
  readonly channelId: string;
  readonly orderRef: string;
  readonly status: ReservationState;
  readonly lines: readonly ReservationLine[];
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  /** When it left `active`; null while active. */
  readonly closedAtMs: number | null;
  /** The order a confirmation created; null otherwise. */
  readonly orderId: string | null;
};
