import { assert } from '../assert.ts';
import { limits } from '../limits.ts';
import type { ErpDocumentLine } from './erp-document.ts';

/** Unit cost per SKU from the item master; a SKU missing from it is valued at 0 (and says so in docs). */
export type UnitCosts = ReadonlyMap<string, number>;

/**
 * A valued line. Money is kept to 4 decimals, the precision of `unitCost` in the item master;
 * `qty ≤ qtyMax` and `unitCost ≤ 1e9` keep the product far inside a double's exact range at that scale.
 */
export function documentLine(sku: string, node: string, qty: number, unitCosts: UnitCosts): ErpDocumentLine {
  assert(Number.isSafeInteger(qty) && qty > 0 && qty <= limits.qtyMax, `document line qty out of range: ${qty}`);
  const unitCost = unitCosts.get(sku) ?? 0;
  return { sku, node, qty, unitCost, value: Math.round(qty * unitCost * 10_000) / 10_000 };
}
