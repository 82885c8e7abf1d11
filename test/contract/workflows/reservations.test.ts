// Reservations through the use cases on every store backend: hold, confirm into fulfilment orders,
// release, expiry by the sweeper (also after a restart), idempotency by key. A fake clock moves
// time; conservation and the projection are checked after each scenario.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putPolicy } from '../../../src/app/put-policy.ts';
import type { ReserveRequest } from '../../../src/app/reserve-stock.ts';
import { reopenStore } from '../../support/reopen-store.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';
import { buildWorkflows, fakeClock, receipt, seedNetwork, type Workflows } from '../../support/workflow-harness.ts';

const request = (overrides: Partial<ReserveRequest> = {}): ReserveRequest => ({
  channel: 'web',
  orderRef: 'cart-1',
  lines: [{ sku: 'A', qty: 2 }],
  ...overrides,
});

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`reservations on ${backend.name}`, () => {
    let opened: OpenedStore;
    let w: Workflows;

    beforeEach(async () => {
      opened = await backend.open();
      await seedNetwork(opened.store, ['A', 'B'], [{ id: 'N1' }, { id: 'N2', latitude: 48, longitude: 11 }]);
      w = await buildWorkflows(opened.store);
      await w.post([receipt('A', 'N1', 5), receipt('B', 'N1', 3)]);
    });
    afterEach(async () => {
      expect(await opened.store.ledger.conservationViolations()).toEqual([]);
      expect(await opened.store.ledger.verifyProjection()).toEqual([]);
      await opened.dispose();
    });

    it('holds available → reserved and answers the lines, node and expiry', async () => {
      const r = await w.reserve.reserve(request({ ttlSeconds: 60 }), 'key-1');
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(r.value.reservation).toMatchObject({ status: 'active', lines: [{ sku: 'A', node: 'N1', qty: 2 }], expiresAtMs: w.clock.now() + 60_000 });
      expect(await w.position('A', 'N1')).toEqual({ available: 3, reserved: 2, allocated: 0 });
      const ledger = await opened.store.ledger.movements({ sku: 'A' }, { cursor: null, limit: 10 });
      expect(ledger.items.at(-1)).toMatchObject({ reason: 'reservation', qty: 2, eventSource: 'omnistock/reservations', eventId: 'key-1' });
    });

    it('refuses all-or-nothing when a line is short, with what is available, and leaves no trace', async () => {
      const r = await w.reserve.reserve(
        request({
          lines: [
            { sku: 'A', qty: 2 },
            { sku: 'B', qty: 4 },
          ],
        }),
        'key-2',
      );
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toMatchObject({ code: 'insufficient_available', shortLines: [{ sku: 'B', requestedQty: 4, availableQty: 3 }] });
      expect(await w.position('A', 'N1')).toEqual({ available: 5, reserved: 0, allocated: 0 });
      // The key was not spent: the same key works once stock arrives.
      await w.post([receipt('B', 'N2', 1)]);
      expect(
        (
          await w.reserve.reserve(
            request({
              lines: [
                { sku: 'A', qty: 2 },
                { sku: 'B', qty: 4 },
              ],
            }),
            'key-2',
          )
        ).ok,
      ).toBe(true);
    });

    it('returns the same reservation for the same key and body, and 409 idempotency_key_reused for another body', async () => {
      const [a, b] = await Promise.all([w.reserve.reserve(request(), 'same'), w.reserve.reserve(request(), 'same')]);
      if (!a?.ok || !b?.ok) throw new Error('both calls should succeed');
      expect(b.value.reservation.id).toBe(a.value.reservation.id);
      expect([a.value.replayed, b.value.replayed].sort()).toEqual([false, true]);
      expect(await w.position('A', 'N1')).toMatchObject({ reserved: 2 });
      const other = await w.reserve.reserve(request({ orderRef: 'cart-2' }), 'same');
      expect(!other.ok && other.error).toMatchObject({ code: 'idempotency_key_reused', field: 'Idempotency-Key' });
    });

    it('confirms into one fulfilment order per node, reserved → allocated, and refuses a second confirmation', async () => {
      await w.post([receipt('A', 'N2', 5)]);
      const r = await w.reserve.reserve(
        request({
          lines: [
            { sku: 'A', qty: 1, node: 'N1' },
            { sku: 'B', qty: 1, node: 'N1' },
            { sku: 'A', qty: 1, node: 'N2' },
          ],
        }),
        'k',
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const order = await w.confirm.confirm(r.value.reservation.id);
      if (!order.ok) throw new Error(JSON.stringify(order.error));
      const view = await opened.store.workflows.order(order.value.id);
      expect(view?.fulfilmentOrders.map((f) => [f.id, f.node, f.status, f.lines.map((l) => [l.sku, l.qty])])).toEqual([
        [
          `${order.value.id}/F1`,
          'N1',
          'allocated',
          [
            ['A', 1],
            ['B', 1],
          ],
        ],
        [`${order.value.id}/F2`, 'N2', 'allocated', [['A', 1]]],
      ]);
      expect(await w.position('A', 'N1')).toEqual({ available: 4, reserved: 0, allocated: 1 });
      expect((await opened.store.workflows.reservation(r.value.reservation.id))?.status).toBe('confirmed');
      expect((await opened.store.workflows.timer('reservation_expiry', r.value.reservation.id))?.status).toBe('cancelled');
      const again = await w.confirm.confirm(r.value.reservation.id);
      expect(!again.ok && again.error.code).toBe('reservation_already_confirmed');
    });

    it('releases reserved → available, once', async () => {
      const r = await w.reserve.reserve(request(), 'k');
      if (!r.ok) throw new Error('reserve failed');
      expect((await w.release.release(r.value.reservation.id)).ok).toBe(true);
      expect(await w.position('A', 'N1')).toEqual({ available: 5, reserved: 0, allocated: 0 });
      const again = await w.release.release(r.value.reservation.id);
      expect(!again.ok && again.error.code).toBe('reservation_already_released');
      const missing = await w.release.release('res_nope');
      expect(!missing.ok && missing.error.code).toBe('not_found');
    });

    it('expires due holds when the sweeper runs, and not before', async () => {
      const r = await w.reserve.reserve(request({ ttlSeconds: 30 }), 'k');
      if (!r.ok) throw new Error('reserve failed');
      w.clock.advance(29_999);
      expect(await w.expire.sweep()).toEqual({ expired: 0, skipped: 0 });
      w.clock.advance(1);
      expect(await w.expire.sweep()).toEqual({ expired: 1, skipped: 0 });
      expect(await w.position('A', 'N1')).toEqual({ available: 5, reserved: 0, allocated: 0 });
      expect((await opened.store.workflows.reservation(r.value.reservation.id))?.status).toBe('expired');
      const late = await w.confirm.confirm(r.value.reservation.id);
      expect(!late.ok && late.error.code).toBe('reservation_expired');
    });

    it('keeps timers across a restart: a new process on the same database expires the hold', async () => {
      const r = await w.reserve.reserve(request({ ttlSeconds: 60 }), 'k');
      if (!r.ok) throw new Error('reserve failed');
      await w.writer.idle();
      const restarted = await reopenStore(opened.url);
      try {
        const clock = fakeClock(w.clock.now() + 61_000);
        const w2 = await buildWorkflows(restarted, clock);
        expect(await w2.expire.sweep()).toEqual({ expired: 1, skipped: 0 });
        expect(await w2.position('A', 'N1')).toEqual({ available: 5, reserved: 0, allocated: 0 });
        expect((await restarted.workflows.timer('reservation_expiry', r.value.reservation.id))?.status).toBe('done');
      } finally {
        await restarted.close();
      }
    });

    it('never holds units below safety stock, and reads the TTL from the channel policy', async () => {
      const text = 'version: 1\nsafetyStock:\n  bySku:\n    A: 2\nchannels:\n  web:\n    reservationTtlSeconds: 120\n';
      const put = await putPolicy({ policies: opened.store.policies, holder: w.policies, clock: w.clock }, { text, actor: 'test' });
      expect(put.ok).toBe(true);
      const tooMuch = await w.reserve.reserve(request({ lines: [{ sku: 'A', qty: 4 }] }), 'k1');
      expect(!tooMuch.ok && tooMuch.error).toMatchObject({ code: 'insufficient_available', shortLines: [{ sku: 'A', availableQty: 3 }] });
      const fits = await w.reserve.reserve(request({ lines: [{ sku: 'A', qty: 3 }] }), 'k2');
      expect(fits.ok && fits.value.reservation.expiresAtMs).toBe(w.clock.now() + 120_000);
      expect(await w.position('A', 'N1')).toEqual({ available: 2, reserved: 3, allocated: 0 });
    });
  });
}
