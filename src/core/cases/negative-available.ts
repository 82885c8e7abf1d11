import { type CaseDraft, caseKeys } from './case-draft.ts';

/** A position whose `available` went below zero: more is promised than exists (ARCHITECTURE §1). */
export function negativeAvailableOf(sku: string, node: string, available: number, causes: readonly string[]): CaseDraft | null {
  if (available >= 0) return null;
  return {
    type: 'negative_available',
    dedupeKey: caseKeys.negativeAvailable(sku, node),
    severity: 'medium',
    sku,
    node,
    orderId: null,
    details: { available, causes },
    unitsAtRisk: -available,
  };
}

/**
 * Why a `negative_available` case resolved itself: the available it came back to and the event
 * types that moved units in (a receipt, a count, a released hold). Null while still negative.
 */
export function negativeAvailableClearedReason(available: number, causes: readonly string[]): string | null {
  if (available < 0) return null;
  const by = causes.length === 0 ? 'a ledger change' : causes.join(', ');
  return `available back to ${available} after ${by}`;
}
