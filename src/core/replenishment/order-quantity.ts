import { assert } from '../assert.ts';

/** Supplier terms that shape a purchase order's quantity. */
export type OrderTerms = {
  readonly moqUnits: number;
  readonly casePackUnits: number;
  /** Largest inventory position an order may reach; null: no cap. */
  readonly maxStockUnits: number | null;
};

/** A purchase quantity, or zero with the reason nothing can be ordered. */
export type OrderQuantity = { readonly units: number; readonly limitedBy: 'none' | 'max_stock' };

/**
 * The purchase quantity for a need of `needUnits` (order-up-to − position): at least the MOQ,
 * rounded UP to whole cases, then capped so that `position + units ≤ maxStock` — the cap rounds
 * DOWN to whole cases and yields zero when what fits is under the MOQ (a below-MOQ order would be
 * refused by the supplier anyway).
 *
 * @example purchaseQuantity(43, 0, { moqUnits: 50, casePackUnits: 12, maxStockUnits: null }) // { units: 60, limitedBy: 'none' }
 */
export function purchaseQuantity(needUnits: number, position: number, terms: OrderTerms): OrderQuantity {
  assert(Number.isFinite(needUnits), 'need must be finite');
  assert(Number.isSafeInteger(terms.casePackUnits) && terms.casePackUnits >= 1, 'case pack is a positive integer');
  if (needUnits <= 0) return { units: 0, limitedBy: 'none' };
  const pack = terms.casePackUnits;
  const wanted = Math.ceil(Math.max(needUnits, terms.moqUnits) / pack - 1e-9) * pack;
  if (terms.maxStockUnits === null || position + wanted <= terms.maxStockUnits) return { units: wanted, limitedBy: 'none' };
  const room = Math.max(0, terms.maxStockUnits - position);
  const capped = Math.floor(room / pack) * pack;
  return { units: capped >= terms.moqUnits && capped > 0 ? capped : 0, limitedBy: 'max_stock' };
}
