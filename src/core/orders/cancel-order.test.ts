// Goal: order.cancelled cancels what can be cancelled, leaves shipped units alone, and refuses an
// order with nothing left; the derived order status follows. Method: hand-built fulfilment orders.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { cancelOrder } from './cancel-order.ts';
import type { FulfilmentOrder, FulfilmentState } from './fulfilment-order.ts';
import { orderStatus } from './order-status.ts';
import type { ShortPick } from './short-pick.ts';

const A = asSku('A');
const fo = (id: string, status: FulfilmentState): FulfilmentOrder => ({
  id,
  orderId: 'O1',
  channelId: 'web',
  node: asNodeId('N1'),
  status,
  lines: [{ sku: A, qty: 2, pickedQty: status === 'allocated' ? null : 2 }],
  updatedAtMs: 0,
});
const shortPick = (status: ShortPick['status'], cancelledQty = 0): ShortPick => ({
  id: 'O1/F1/A',
  orderId: 'O1',
  channelId: 'web',
  fulfilmentOrderId: 'O1/F1',
  node: asNodeId('N1'),
  sku: A,
  shortQty: 1,
  status,
  reroutedQty: 0,
  substitute: null,
  cancelledQty,
  updatedAtMs: 0,
});

describe('cancelOrder', () => {
  it('cancels open fulfilment orders and leaves shipped ones', () => {
    const r = cancelOrder('O1', [fo('O1/F1', 'shipped'), fo('O1/F2', 'allocated'), fo('O1/F3', 'picked')], 9);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.fulfilmentOrders.map((f) => f.status)).toEqual(['shipped', 'cancelled', 'cancelled']);
    expect(r.value.effects.filter((e) => e.kind === 'movement')).toHaveLength(2);
    expect(orderStatus(r.value.fulfilmentOrders, [])).toBe('partially_shipped');
  });

  it('refuses an order with nothing left to cancel', () => {
    const r = cancelOrder('O1', [fo('O1/F1', 'shipped'), fo('O1/F2', 'cancelled')], 9);
    expect(!r.ok && r.error.code).toBe('order_not_cancellable');
  });
});

describe('orderStatus', () => {
  it.each([
    [['allocated'], [], 'open'],
    [['shipped'], [], 'shipped'],
    [['cancelled'], [], 'cancelled'],
    [['shipped', 'cancelled'], [], 'partially_shipped'],
    [['short_picked'], [], 'open'],
    [['shipped'], [shortPick('discrepancy_recorded')], 'open'],
    [['shipped'], [shortPick('substitute_proposed')], 'awaiting_substitute'],
    [['shipped'], [shortPick('rerouted')], 'shipped'],
    [['shipped'], [shortPick('cancelled', 1)], 'partially_shipped'],
  ] as const)('%j with short picks %j is %s', (states, sps, expected) => {
    expect(
      orderStatus(
        states.map((s, i) => fo(`O1/F${i}`, s)),
        sps,
      ),
    ).toBe(expected);
  });
});
