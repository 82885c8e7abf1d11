import { assert } from '../assert.ts';
import type { Sku } from '../ids.ts';
import { limits } from '../limits.ts';
import { isBucketSide, type Side } from './buckets.ts';

/** Why a movement happened. A closed vocabulary so reports can group by it. */
export const MOVEMENT_REASONS = [
  'sale',
  'customer_return',
  'receipt',
  'receipt_qc',
  'expected_receipt',
  'damage',
  'shrink',
  'found',
  'adjustment',
  'cycle_count',
  'late_posting_correction',
  'transfer_out',
  'transfer_in',
  // Issue 3 workflows (reservations, orders, short picks): appended, never reordered.
  'reservation',
  'reservation_release',
  'reservation_expiry',
  'allocation',
  'allocation_release',
  'shipment',
  'short_pick',
  // Issue 4 returns (docs/returns.md): one reason per disposition target; appended, never reordered.
  'return_restock',
  'return_refurbish',
  'return_damaged',
  'return_to_vendor',
  'return_disposal',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/**
 * A movement of `qty` units of one SKU from one side to another (ARCHITECTURE §1). Immutable once
 * recorded; a correction is a new movement.
 */
export type Movement = {
  readonly sku: Sku;
  readonly from: Side;
  readonly to: Side;
  readonly qty: number;
  readonly reason: MovementReason;
  /** Business time, epoch milliseconds. */
  readonly occurredAtMs: number;
};

/** A movement as stored: with its ledger sequence, cause and system time. */
export type RecordedMovement = Movement & {
  readonly seq: number;
  readonly eventSeq: number;
  readonly recordedAtMs: number;
};

/** Builds a movement, asserting the rules every movement obeys. */
export function movement(sku: Sku, from: Side, to: Side, qty: number, reason: MovementReason, occurredAtMs: number): Movement {
  assert(Number.isSafeInteger(qty) && qty > 0 && qty <= limits.qtyMax, `movement qty out of range: ${qty}`);
  assert(!sameSide(from, to), 'a movement must change side');
  return { sku, from, to, qty, reason, occurredAtMs };
}

export function sameSide(a: Side, b: Side): boolean {
  if (isBucketSide(a) && isBucketSide(b)) return a.node === b.node && a.bucket === b.bucket;
  if (!isBucketSide(a) && !isBucketSide(b)) return a.account === b.account;
  return false;
}
