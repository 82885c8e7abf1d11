// Goal: every legal and illegal fulfilment-order transition with its movements: ship consumes
// allocated → customer, short pick records the missing units allocated → shrink and starts a
// short-pick workflow, cancel releases allocated → available. Method: table-driven cases.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { FULFILMENT_STATES, FULFILMENT_TRANSITIONS, type FulfilmentEvent, type FulfilmentOrder, transitionFulfilmentOrder } from './fulfilment-order.ts';

const T = Date.parse('2026-11-01T12:00:00Z');
const A = asSku('A');
const B = asSku('B');
const N = asNodeId('N1');
const fo = (over: Partial<FulfilmentOrder> = {}): FulfilmentOrder => ({
  id: 'O1/F1',
  orderId: 'O1',
  channelId: 'web',
  node: N,
  status: 'allocated',
  lines: [
    { sku: A, qty: 3, pickedQty: null },
    { sku: B, qty: 1, pickedQty: null },
  ],
  updatedAtMs: T,
  ...over,
});
const run = (f: FulfilmentOrder, e: FulfilmentEvent) => {
  const r = transitionFulfilmentOrder(f, e, T + 1);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
};
const moves = (effects: readonly { kind: string }[]) =>
  effects
    .flatMap((e) => ('movement' in e ? [e.movement as { sku: string; from: unknown; to: unknown; qty: number; reason: string }] : []))
    .map((m) => [m.sku, m.from, m.to, m.qty, m.reason]);

describe('transitionFulfilmentOrder', () => {
  it('pick records full picks, moves nothing; ship then consumes allocated → customer', () => {
    const picked = run(fo(), { type: 'pick' });
    expect(picked.state.status).toBe('picked');
    expect(picked.effects).toEqual([]);
    const shipped = run(picked.state, { type: 'ship' });
    expect(shipped.state.status).toBe('shipped');
    expect(moves(shipped.effects)).toEqual([
      [A, { node: N, bucket: 'allocated' }, { account: 'customer' }, 3, 'shipment'],
      [B, { node: N, bucket: 'allocated' }, { account: 'customer' }, 1, 'shipment'],
    ]);
  });

  it('ships straight from allocated (WMS that confirms only shipments)', () => {
    const shipped = run(fo(), { type: 'ship' });
    expect(shipped.state.lines.map((l) => l.pickedQty)).toEqual([3, 1]);
    expect(moves(shipped.effects)).toHaveLength(2);
  });

  it('short pick: missing units allocated → shrink, a short-pick workflow per short SKU', () => {
    const r = run(fo(), { type: 'short_pick', picked: [{ sku: 'A', pickedQty: 1 }] });
    expect(r.state.status).toBe('short_picked');
    expect(r.state.lines.map((l) => l.pickedQty)).toEqual([1, 1]);
    expect(moves(r.effects)).toEqual([[A, { node: N, bucket: 'allocated' }, { account: 'shrink' }, 2, 'short_pick']]);
    const started = r.effects.flatMap((e) => (e.kind === 'start_short_pick' ? [e.shortPick] : []));
    expect(started).toEqual([
      {
        id: 'O1/F1/A',
        orderId: 'O1',
        channelId: 'web',
        fulfilmentOrderId: 'O1/F1',
        node: N,
        sku: A,
        shortQty: 2,
        status: 'discrepancy_recorded',
        reroutedQty: 0,
        substitute: null,
        cancelledQty: 0,
        updatedAtMs: T + 1,
      },
    ]);
    // Shipping afterwards ships only what was picked.
    expect(moves(run(r.state, { type: 'ship' }).effects)).toEqual([
      [A, { node: N, bucket: 'allocated' }, { account: 'customer' }, 1, 'shipment'],
      [B, { node: N, bucket: 'allocated' }, { account: 'customer' }, 1, 'shipment'],
    ]);
    // Cancelling afterwards releases only what is still allocated.
    expect(moves(run(r.state, { type: 'cancel' }).effects)).toEqual([
      [A, { node: N, bucket: 'allocated' }, { node: N, bucket: 'available' }, 1, 'allocation_release'],
      [B, { node: N, bucket: 'allocated' }, { node: N, bucket: 'available' }, 1, 'allocation_release'],
    ]);
  });

  it.each([
    [[{ sku: 'Z', pickedQty: 0 }], 'data.picked.0.sku'],
    [[{ sku: 'A', pickedQty: 4 }], 'data.picked.0.pickedQty'],
    [[{ sku: 'A', pickedQty: -1 }], 'data.picked.0.pickedQty'],
    [
      [
        { sku: 'A', pickedQty: 1 },
        { sku: 'A', pickedQty: 1 },
      ],
      'data.picked.1.pickedQty',
    ],
    [[{ sku: 'A', pickedQty: 3 }], 'data.picked'],
  ])('rejects the short pick %j naming %s', (picked, field) => {
    const r = transitionFulfilmentOrder(fo(), { type: 'short_pick', picked }, T);
    expect(!r.ok && [r.error.code, r.error.field]).toEqual(['invalid_event', field]);
  });

  it('cancel from allocated releases everything to available', () => {
    expect(moves(run(fo(), { type: 'cancel' }).effects).map((m) => m[3])).toEqual([3, 1]);
  });

  const events: FulfilmentEvent[] = [{ type: 'pick' }, { type: 'short_pick', picked: [{ sku: 'A', pickedQty: 0 }] }, { type: 'ship' }, { type: 'cancel' }];
  const target = { pick: 'picked', short_pick: 'short_picked', ship: 'shipped', cancel: 'cancelled' } as const;
  const code = {
    picked: 'fulfilment_already_picked',
    short_picked: 'fulfilment_already_picked',
    shipped: 'fulfilment_already_shipped',
    cancelled: 'fulfilment_already_cancelled',
  } as const;
  for (const state of FULFILMENT_STATES) {
    for (const event of events) {
      const legal = (FULFILMENT_TRANSITIONS[state] as readonly string[]).includes(target[event.type]);
      it(`${state} + ${event.type} is ${legal ? 'legal' : 'refused'}`, () => {
        const before = fo({ status: state, lines: [{ sku: A, qty: 3, pickedQty: state === 'allocated' ? null : 3 }] });
        const snapshot = structuredClone(before);
        const r = transitionFulfilmentOrder(before, event, T);
        expect(r.ok).toBe(legal);
        if (r.ok) expect(r.value.state.status).toBe(target[event.type]);
        else expect(r.error.code).toBe(code[state as keyof typeof code]);
        expect(before).toEqual(snapshot);
      });
    }
  }
});
