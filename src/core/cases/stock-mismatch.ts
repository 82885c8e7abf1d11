import type { CountRecord } from '../ledger/ledger-change.ts';
import { type CaseDraft, caseKeys } from './case-draft.ts';
import type { CasePolicy } from './case-policy.ts';

/**
 * A cycle count whose variance exceeds the policy's threshold in units or in value (|variance| ×
 * unit cost) opens a `stock_mismatch` case; a superseded count moved nothing and opens none. An
 * unknown unit cost decides by units alone. Severity: `high` when both thresholds are exceeded.
 *
 * @example
 * stockMismatchOf(count, 12.5, casePolicyOf(policy)); // null, or the draft to open
 */
export function stockMismatchOf(count: CountRecord, unitCost: number | null, policy: CasePolicy): CaseDraft | null {
  if (count.superseded || count.variance === 0) return null;
  const units = Math.abs(count.variance);
  const value = unitCost === null ? null : units * unitCost;
  const { varianceUnitsAbove, varianceValueAbove } = policy.stockMismatch;
  const overUnits = units > varianceUnitsAbove;
  const overValue = value !== null && value > varianceValueAbove;
  if (!overUnits && !overValue) return null;
  return {
    type: 'stock_mismatch',
    dedupeKey: caseKeys.stockMismatch(count.sku, count.node),
    severity: overUnits && overValue ? 'high' : 'medium',
    sku: count.sku,
    node: count.node,
    orderId: null,
    details: { countedAtMs: count.countedAtMs, countedQty: count.countedQty, expectedQty: count.expectedQty, variance: count.variance, varianceValue: value },
    unitsAtRisk: units,
  };
}
