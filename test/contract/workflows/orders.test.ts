// Orders and fulfilment on every store backend: place an order, pick and ship it through
// POST /v1/events types, short picks (reroute, substitute, cancel + customer notification),
// order cancellation, and the physical-world conflict step (a late sale under a reservation).
// Method: the use cases over a real store with a fake clock; every scenario ends with the
// conservation and projection checks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putPolicy } from '../../../src/app/put-policy.ts';
import { orderStatus } from '../../../src/core/orders/order-status.ts';
import { cloudEvent } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';
import { buildWorkflows, receipt, seedNetwork, type Workflows } from '../../support/workflow-harness.ts';

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`orders and fulfilment on ${backend.name}`, () => {
    let opened: OpenedStore;
    let w: Workflows;

    beforeEach(async () => {
      opened = await backend.open();
      // N1 is nearest the customer; N2 farther away.
      await seedNetwork(
        opened.store,
        ['A', 'SUB'],
        [
          { id: 'N1', latitude: 52.5, longitude: 13.4 },
          { id: 'N2', latitude: 48.1, longitude: 11.6 },
        ],
        { A: ['SUB'] },
      );
      w = await buildWorkflows(opened.store);
      await w.post([receipt('A', 'N1', 2)]);
    });
    afterEach(async () => {
      expect(await opened.store.ledger.conservationViolations()).toEqual([]);
      expect(await opened.store.ledger.verifyProjection()).toEqual([]);
      await opened.dispose();
    });

    const placeTwo = async () => {
      const placed = await w.place.place(
        { channel: 'web', orderRef: 'mkt-1', lines: [{ sku: 'A', qty: 2 }], shipTo: { latitude: 52.5, longitude: 13.4 } },
        null,
      );
      if (!placed.ok) throw new Error(JSON.stringify(placed.error));
      return placed.value.order.id;
    };
    const view = async (orderId: string) => {
      const v = await opened.store.workflows.order(orderId);
      if (v === undefined) throw new Error('order missing');
      return v;
    };
    const shortPick = (orderId: string, pickedQty: number) =>
      cloudEvent('fulfillment.short_picked', { fulfilmentOrderId: `${orderId}/F1`, picked: [{ sku: 'A', pickedQty }] }, { source: 'test/wms' });

    it('places a paid order available → allocated, then picks and ships it with serials', async () => {
      const orderId = await placeTwo();
      expect(await w.position('A', 'N1')).toEqual({ available: 0, reserved: 0, allocated: 2 });
      const again = await w.place.place(
        { channel: 'web', orderRef: 'mkt-1', lines: [{ sku: 'A', qty: 2 }], shipTo: { latitude: 52.5, longitude: 13.4 } },
        null,
      );
      expect(again.ok && again.value).toMatchObject({ replayed: true, order: { id: orderId } });
      await w.post([
        cloudEvent('fulfillment.picked', { fulfilmentOrderId: `${orderId}/F1` }),
        cloudEvent('fulfillment.shipped', { fulfilmentOrderId: `${orderId}/F1`, serials: ['S-1', 'S-2'] }),
      ]);
      const v = await view(orderId);
      expect(v.fulfilmentOrders[0]).toMatchObject({ status: 'shipped', serials: ['S-1', 'S-2'] });
      expect(orderStatus(v.fulfilmentOrders, v.shortPicks)).toBe('shipped');
      expect(await w.position('A', 'N1')).toEqual({ available: 0, reserved: 0, allocated: 0 });
      expect(v.trace.reason).not.toBe('');
    });

    it('reroutes a short pick to another node and records the discrepancy in the ledger', async () => {
      const orderId = await placeTwo();
      await w.post([receipt('A', 'N2', 5), shortPick(orderId, 0)]);
      const v = await view(orderId);
      expect(v.fulfilmentOrders.map((f) => [f.id, f.node, f.status])).toEqual([
        [`${orderId}/F1`, 'N1', 'short_picked'],
        [`${orderId}/F2`, 'N2', 'allocated'],
      ]);
      expect(v.shortPicks).toMatchObject([{ sku: 'A', shortQty: 2, status: 'rerouted', reroutedQty: 2 }]);
      expect(await w.position('A', 'N1')).toEqual({ available: 0, reserved: 0, allocated: 0 });
      expect(await w.position('A', 'N2')).toEqual({ available: 3, reserved: 0, allocated: 2 });
      const ledger = await opened.store.ledger.movements({ sku: 'A', node: 'N1' }, { cursor: null, limit: 20 });
      expect(ledger.items.at(-1)).toMatchObject({ reason: 'short_pick', qty: 2, to: { account: 'shrink' }, eventSource: 'test/wms' });
    });

    it('substitutes automatically when the channel policy says so, and tells the customer', async () => {
      await putPolicy(
        { policies: opened.store.policies, holder: w.policies, clock: w.clock },
        { text: 'version: 1\nchannels:\n  web:\n    autoAcceptSubstitutes: true\n', actor: 'test' },
      );
      const orderId = await placeTwo();
      await w.post([receipt('SUB', 'N2', 5), shortPick(orderId, 1)]);
      const v = await view(orderId);
      expect(v.shortPicks).toMatchObject([{ status: 'substitute_accepted', substitute: { sku: 'SUB', qty: 1 } }]);
      expect(v.fulfilmentOrders[1]).toMatchObject({ node: 'N2', lines: [{ sku: 'SUB', qty: 1 }] });
      expect(v.notifications.map((n) => n.message)).toEqual([
        { type: 'customer.notification', orderId, channelId: 'web', reason: 'substitute_accepted', sku: 'A', qty: 1, substituteSku: 'SUB' },
      ]);
      expect(await w.position('SUB', 'N2')).toMatchObject({ available: 4, allocated: 1 });
    });

    it('only proposes the substitute without that policy: the order awaits the customer', async () => {
      const orderId = await placeTwo();
      await w.post([receipt('SUB', 'N2', 5), shortPick(orderId, 1)]);
      const v = await view(orderId);
      expect(v.shortPicks).toMatchObject([{ status: 'substitute_proposed' }]);
      expect(orderStatus(v.fulfilmentOrders, v.shortPicks)).toBe('awaiting_substitute');
      expect(v.notifications[0]?.message.reason).toBe('substitute_proposed');
      expect(await w.position('SUB', 'N2')).toMatchObject({ available: 5, allocated: 0 });
    });

    it('cancels the line and writes a customer.notification when nothing can replace it', async () => {
      const orderId = await placeTwo();
      await w.post([shortPick(orderId, 1)]);
      const v = await view(orderId);
      expect(v.shortPicks).toMatchObject([{ status: 'cancelled', cancelledQty: 1 }]);
      expect(v.notifications.map((n) => n.message.reason)).toEqual(['line_cancelled']);
      await w.post([cloudEvent('fulfillment.shipped', { fulfilmentOrderId: `${orderId}/F1` })]);
      const shipped = await view(orderId);
      expect(orderStatus(shipped.fulfilmentOrders, shipped.shortPicks)).toBe('partially_shipped');
      expect(await w.position('A', 'N1')).toEqual({ available: 0, reserved: 0, allocated: 0 });
    });

    it('cancels an order: allocated → available, and a second cancellation is rejected', async () => {
      const orderId = await placeTwo();
      await w.post([cloudEvent('order.cancelled', { orderId })]);
      expect(await w.position('A', 'N1')).toEqual({ available: 2, reserved: 0, allocated: 0 });
      expect((await view(orderId)).fulfilmentOrders[0]?.status).toBe('cancelled');
      const [verdict] = await w.ingestor.ingest([cloudEvent('order.cancelled', { orderId })], { allowedSource: null });
      expect(verdict).toMatchObject({ status: 'rejected', error: { code: 'order_not_cancellable' } });
    });

    it('rejects (and dead-letters) an event for an unknown fulfilment order, without touching the rest of the batch', async () => {
      const sale = cloudEvent('pos.sale', { sku: 'A', node: 'N1', qty: 1 });
      const bad = cloudEvent('fulfillment.shipped', { fulfilmentOrderId: 'ord_x/F1' });
      const verdicts = await w.ingestor.ingest([bad, sale], { allowedSource: null });
      expect(verdicts).toMatchObject([
        { status: 'rejected', error: { code: 'unknown_fulfilment_order', field: 'data.fulfilmentOrderId' } },
        { status: 'accepted' },
      ]);
      expect((await opened.store.deadLetters.list({ status: 'pending' }, { cursor: null, limit: 10 })).items).toHaveLength(1);
      expect(await w.position('A', 'N1')).toMatchObject({ available: 1 });
    });

    it('re-sources a reservation when a late sale drives available negative, and records a reservation_at_risk case', async () => {
      await w.post([receipt('A', 'N2', 3)]);
      const r = await w.reserve.reserve({ channel: 'web', orderRef: 'cart', lines: [{ sku: 'A', qty: 2 }], shipTo: { latitude: 52.5, longitude: 13.4 } }, 'k');
      if (!r.ok) throw new Error('reserve failed');
      expect(r.value.reservation.lines).toEqual([{ sku: 'A', node: 'N1', qty: 2 }]);
      // The store sold one unit an hour ago; the POS posts it only now.
      await w.post([cloudEvent('pos.sale', { sku: 'A', node: 'N1', qty: 1 }, { source: 'test/pos', time: '2026-11-01T11:00:00Z' })]);
      expect(await w.position('A', 'N1')).toEqual({ available: 0, reserved: 1, allocated: 0 });
      expect(await w.position('A', 'N2')).toEqual({ available: 2, reserved: 1, allocated: 0 });
      expect((await opened.store.workflows.reservation(r.value.reservation.id))?.lines).toEqual([
        { sku: 'A', node: 'N1', qty: 1 },
        { sku: 'A', node: 'N2', qty: 1 },
      ]);
      const cases = await opened.store.workflows.listCases({ type: 'reservation_at_risk' }, { cursor: null, limit: 10 });
      expect(cases.items).toMatchObject([
        {
          type: 'reservation_at_risk',
          status: 'open',
          sku: 'A',
          node: 'N1',
          occurrences: 1,
          details: {
            availableFound: -1,
            reserved: 2,
            unresolvedQty: 0,
            resourced: [{ kind: 'reservation', id: r.value.reservation.id, qty: 1, toNodes: ['N2'] }],
          },
        },
      ]);
      // Another late sale at the same node with nowhere left to go: the same open case gets an occurrence.
      await w.post([
        cloudEvent('pos.sale', { sku: 'A', node: 'N1', qty: 1 }, { source: 'test/pos' }),
        cloudEvent('pos.sale', { sku: 'A', node: 'N2', qty: 2 }),
      ]);
      const again = await opened.store.workflows.listCases({ type: 'reservation_at_risk', status: 'open' }, { cursor: null, limit: 10 });
      expect(again.items.filter((c) => c.node === 'N1')).toMatchObject([{ occurrences: 2, severity: 'high', details: { unresolvedQty: 1, resourced: [] } }]);
    });
  });
}
