// Goal: orders placed paid are allocated straight from available, one fulfilment order per node,
// all-or-nothing unless partial is allowed. Method: hand-built sourcing decisions.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import type { SourcingDecision } from '../sourcing/sourcing-types.ts';
import { placeOrder } from './allocate-order.ts';

const T = 1_000;
const A = asSku('A');
const trace = { method: 'ship' as const, candidates: [], candidatesOmitted: 0, search: 'exact' as const, options: [], chosen: null, reason: '' };
const decision: SourcingDecision = {
  allocations: [
    { lineIndex: 0, sku: A, node: asNodeId('N2'), qty: 1 },
    { lineIndex: 1, sku: A, node: asNodeId('N2'), qty: 2 },
  ],
  shortLines: [{ lineIndex: 2, sku: asSku('B'), requestedQty: 1, allocatedQty: 0, availableQty: 0, reason: 'insufficient_ats' }],
  shipments: [asNodeId('N2')],
  trace,
};

describe('placeOrder', () => {
  it('refuses a short order unless partial is allowed', () => {
    const r = placeOrder('O1', 'mkt', decision, false, T);
    expect(!r.ok && r.error).toMatchObject({ code: 'insufficient_available', field: 'lines', shortLines: decision.shortLines });
  });

  it('allocates available → allocated, merging lines of one SKU at one node', () => {
    const r = placeOrder('O1', 'mkt', decision, true, T);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.fulfilmentOrders).toEqual([
      { id: 'O1/F1', orderId: 'O1', channelId: 'mkt', node: 'N2', status: 'allocated', lines: [{ sku: A, qty: 3, pickedQty: null }], updatedAtMs: T },
    ]);
    expect(r.value.effects[0]).toEqual({
      kind: 'movement',
      movement: { sku: A, from: { node: 'N2', bucket: 'available' }, to: { node: 'N2', bucket: 'allocated' }, qty: 3, reason: 'allocation', occurredAtMs: T },
    });
  });

  it('refuses an order with nothing allocated', () => {
    const r = placeOrder('O1', 'mkt', { ...decision, allocations: [] }, true, T);
    expect(!r.ok && r.error.code).toBe('insufficient_available');
  });
});
