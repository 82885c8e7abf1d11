import type { FulfilmentOrder } from './fulfilment-order.ts';
import type { ShortPick } from './short-pick.ts';

export const ORDER_STATUSES = ['open', 'awaiting_substitute', 'shipped', 'partially_shipped', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * An order's status, derived from its fulfilment orders and short picks rather than stored beside
 * them (two stored truths drift). `partially_shipped`: everything is settled, some units shipped
 * and some were cancelled.
 */
export function orderStatus(fulfilmentOrders: readonly FulfilmentOrder[], shortPicks: readonly ShortPick[]): OrderStatus {
  if (shortPicks.some((s) => s.status === 'substitute_proposed')) return 'awaiting_substitute';
  const settled =
    fulfilmentOrders.every((f) => f.status === 'shipped' || f.status === 'cancelled') && shortPicks.every((s) => s.status !== 'discrepancy_recorded');
  if (!settled) return 'open';
  const shipped = fulfilmentOrders.some((f) => f.status === 'shipped' && f.lines.some((l) => (l.pickedQty ?? l.qty) > 0));
  if (!shipped) return 'cancelled';
  const lost = fulfilmentOrders.some((f) => f.status === 'cancelled') || shortPicks.some((s) => s.cancelledQty > 0);
  return lost ? 'partially_shipped' : 'shipped';
}
