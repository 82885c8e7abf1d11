// The reservation, order and case endpoints over HTTP (SQLite and PostgreSQL): status codes, the
// issue's field names, Idempotency-Key handling, the 409 body, and that every route is in
// /openapi.json. Method: a listening server and fetch; a fake clock for expiry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudEvent } from '../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../support/stores.ts';
import { type FakeClock, fakeClock, receipt, seedNetwork } from '../support/workflow-harness.ts';
import { type ListeningApp, listenWorkflowApp } from '../support/workflow-http.ts';

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`reservation and order API on ${backend.name}`, () => {
    let opened: OpenedStore;
    let server: ListeningApp;
    let clock: FakeClock;

    beforeEach(async () => {
      opened = await backend.open();
      await seedNetwork(opened.store, ['A'], [{ id: 'N1' }, { id: 'N2', latitude: 48 }]);
      clock = fakeClock();
      server = await listenWorkflowApp(opened.store, clock);
      await server.runtime.ingestor.ingest([receipt('A', 'N1', 3)], { allowedSource: null });
    });
    afterEach(async () => {
      await server.close();
      await opened.dispose();
    });

    const reserve = (key: string, body: Record<string, unknown> = {}) =>
      server.call('POST', '/v1/reservations', { channel: 'web', orderRef: 'cart-1', lines: [{ sku: 'A', qty: 2 }], ...body }, { 'idempotency-key': key });

    it('POST /v1/reservations: 201 with id, status, lines and expiresAt; a repeat gets the same; another body 409', async () => {
      const first = await reserve('key-1', { ttlSeconds: 60 });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        status: 'active',
        lines: [{ sku: 'A', qty: 2, node: 'N1' }],
        expiresAt: new Date(clock.now() + 60_000).toISOString(),
      });
      const repeat = await reserve('key-1', { ttlSeconds: 60 });
      expect(repeat.status).toBe(201);
      expect(repeat.body.id).toBe(first.body.id);
      expect(repeat.headers.get('idempotent-replayed')).toBe('true');
      const reused = await reserve('key-1', { ttlSeconds: 61 });
      expect(reused).toMatchObject({ status: 409, body: { code: 'idempotency_key_reused', field: 'Idempotency-Key' } });
      expect((await server.call('GET', `/v1/reservations/${first.body.id}`)).body).toMatchObject({ id: first.body.id, status: 'active', channel: 'web' });
    });

    it('answers 409 with the short lines and what is available, and 400 naming a missing Idempotency-Key', async () => {
      const short = await reserve('key-2', { lines: [{ sku: 'A', qty: 5 }] });
      expect(short).toMatchObject({
        status: 409,
        body: { code: 'insufficient_available', shortLines: [{ lineIndex: 0, sku: 'A', requestedQty: 5, availableQty: 3 }] },
      });
      const missing = await server.call('POST', '/v1/reservations', { channel: 'web', orderRef: 'c', lines: [{ sku: 'A', qty: 1 }] });
      expect(missing.status).toBe(400);
      expect(missing.body.field).toBe('idempotency-key');
      const unknown = await reserve('key-3', { channel: 'nope' });
      expect(unknown).toMatchObject({ status: 404, body: { code: 'unknown_channel', field: 'channel' } });
    });

    it('confirm → order with fulfilment orders and the sourcing trace; DELETE after confirm is 409', async () => {
      const r = await reserve('key-4');
      const confirmed = await server.call('POST', `/v1/reservations/${r.body.id}/confirm`);
      expect(confirmed.status).toBe(201);
      expect(confirmed.body).toMatchObject({
        reservationId: r.body.id,
        status: 'open',
        fulfilmentOrders: [{ id: `${confirmed.body.id}/F1`, node: 'N1', status: 'allocated' }],
      });
      expect(typeof confirmed.body.sourcing.reason).toBe('string');
      expect((await server.call('GET', `/v1/orders/${confirmed.body.id}`)).body.id).toBe(confirmed.body.id);
      expect((await server.call('DELETE', `/v1/reservations/${r.body.id}`)).body).toMatchObject({ code: 'reservation_already_confirmed' });
      await server.call('POST', '/v1/events', cloudEvent('fulfillment.shipped', { fulfilmentOrderId: `${confirmed.body.id}/F1` }));
      expect((await server.call('GET', `/v1/orders/${confirmed.body.id}`)).body.status).toBe('shipped');
    });

    it('DELETE releases; the sweeper expires; GET of an unknown reservation is 404', async () => {
      const a = await reserve('key-5', { lines: [{ sku: 'A', qty: 1 }] });
      expect((await server.call('DELETE', `/v1/reservations/${a.body.id}`)).body).toMatchObject({ status: 'released' });
      const b = await reserve('key-6', { lines: [{ sku: 'A', qty: 1 }], ttlSeconds: 5 });
      clock.advance(5_000);
      expect(await server.runtime.expiry.sweep()).toEqual({ expired: 1, skipped: 0 });
      expect((await server.call('GET', `/v1/reservations/${b.body.id}`)).body.status).toBe('expired');
      expect((await server.call('GET', '/v1/reservations/res_unknown')).status).toBe(404);
    });

    it('POST /v1/orders allocates directly, is idempotent on (channel, orderRef), and GET /v1/cases lists conflicts', async () => {
      const body = { channel: 'web', orderRef: 'mkt-9', lines: [{ sku: 'A', qty: 2 }] };
      const placed = await server.call('POST', '/v1/orders', body);
      expect(placed).toMatchObject({ status: 201, body: { status: 'open', fulfilmentOrders: [{ node: 'N1', lines: [{ sku: 'A', qty: 2 }] }] } });
      expect((await server.call('POST', '/v1/orders', body)).body.id).toBe(placed.body.id);
      // A late sale takes an allocated unit; N2 gets stock first, so the allocation moves there.
      await server.runtime.ingestor.ingest([receipt('A', 'N2', 1), cloudEvent('pos.sale', { sku: 'A', node: 'N1', qty: 2 })], { allowedSource: null });
      const cases = await server.call('GET', '/v1/cases?type=reservation_at_risk&status=open');
      expect(cases.body).toMatchObject({
        items: [{ type: 'reservation_at_risk', sku: 'A', node: 'N1', details: { resourced: [{ kind: 'fulfilment_order', qty: 1, toNodes: ['N2'] }] } }],
        nextCursor: null,
      });
      expect((await server.call('GET', `/v1/cases/${cases.body.items[0].id}`)).body.id).toBe(cases.body.items[0].id);
      const order = await server.call('GET', `/v1/orders/${placed.body.id}`);
      expect(order.body.fulfilmentOrders.map((f: { node: string; lines: { qty: number }[] }) => [f.node, f.lines[0]?.qty])).toEqual([
        ['N1', 1],
        ['N2', 1],
      ]);
    });

    it('publishes every new route in /openapi.json', async () => {
      const doc = (await server.call('GET', '/openapi.json')).body;
      for (const path of [
        '/v1/reservations',
        '/v1/reservations/{id}',
        '/v1/reservations/{id}/confirm',
        '/v1/orders',
        '/v1/orders/{id}',
        '/v1/cases',
        '/v1/cases/{id}',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
    });
  });
}
