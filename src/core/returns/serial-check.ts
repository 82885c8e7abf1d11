import type { SerialCheck } from './return-unit.ts';

/** A unit we sold: a `pos.sale` or `fulfillment.shipped` carrying its serial (docs/returns.md §2). */
export type SerialSale = {
  readonly sku: string;
  readonly serial: string;
  /** The channel's order reference (a shipped order), or the POS event id (a store sale). */
  readonly orderRef: string;
  /** The Omnistock order id of a shipment; null for a store sale. */
  readonly orderId: string | null;
  readonly node: string;
  readonly soldAtMs: number;
};

/**
 * Checks a returned serial against our sales of it: sold on the return's order (by the channel's
 * order reference or our order id), else sold on another order, else never sold by us, which
 * needs a person (`serial_mismatch` case). Answers the sale the warranty runs from: the order's
 * sale, else the latest sale at or before the claim (a unit sold, returned and sold again is
 * under the newest sale's warranty).
 */
export function checkSerial(
  sales: readonly SerialSale[],
  orderRef: string,
  claimedAtMs: number,
): { readonly check: SerialCheck; readonly sale: SerialSale | null } {
  const onOrder = sales.filter((s) => s.orderRef === orderRef || s.orderId === orderRef);
  if (onOrder.length > 0) return { check: 'sold_on_order', sale: latest(onOrder) };
  if (sales.length === 0) return { check: 'never_sold', sale: null };
  const before = sales.filter((s) => s.soldAtMs <= claimedAtMs);
  return { check: 'sold_elsewhere', sale: latest(before.length > 0 ? before : sales) };
}

function latest(sales: readonly SerialSale[]): SerialSale {
  return sales.reduce((a, b) => (b.soldAtMs > a.soldAtMs ? b : a));
}
