import type { WarrantyStatus } from './return-unit.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Warranty of a returned unit: in warranty when the claim (the return authorisation) came at most
 * `warrantyDays` after the sale; `unknown` when no sale was found. The claim date, not the
 * inspection date, counts: a customer is not penalised for the time the return spent in transit.
 *
 * @example
 * warrantyStatus(Date.parse('2026-01-01'), 30, Date.parse('2026-01-31')) // 'in_warranty' (day 30 counts)
 */
export function warrantyStatus(soldAtMs: number | null, warrantyDays: number, claimedAtMs: number): WarrantyStatus {
  if (soldAtMs === null) return 'unknown';
  return claimedAtMs - soldAtMs <= warrantyDays * DAY_MS ? 'in_warranty' : 'expired';
}
