// Goal: the issue-4 returns guarantees on both databases: a returned unit is never sellable (not
// in available, not in channel availability) before inspection; every disposition path conserves
// units (conservationViolations and verifyProjection empty); serials are validated against what
// we sold (on the order / elsewhere / never → serial_mismatch case); warranty runs from the sale
// date; bad inspection input is a 4xx naming the field and changes nothing; cycle-time stats.
// Method: the HTTP app wired as in production (inject), events through POST /v1/events, a fake clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudEvent } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';
import { buildReturnsApp, DAY, HOUR, type ReturnsApp, T0 } from './returns-harness.ts';

const at = (ms: number) => new Date(ms).toISOString();

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`returns on ${backend.name}`, () => {
    let opened: OpenedStore;
    let t: ReturnsApp;
    beforeEach(async () => {
      opened = await backend.open();
      t = await buildReturnsApp(opened.store);
    });
    afterEach(async () => {
      await t?.close();
      await opened.dispose();
    });

    const open = async (lines: unknown[], orderRef = 'WEB-1') => {
      const res = await t.call('POST', '/v1/returns', { orderRef, channel: 'web', node: 'S1', reason: 'did not fit', lines });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const webUnits = async (sku: string) => (await t.store.ledger.channelAvailability('web', [sku]))[0]?.units ?? 0;
    const audit = async () => {
      expect(await t.store.ledger.conservationViolations()).toEqual([]);
      expect(await t.store.ledger.verifyProjection()).toEqual([]);
    };

    it('never sells a returned unit before inspection; a restock is seen by the channel', async () => {
      const before = { position: await t.position('TENT', 'S1'), web: await webUnits('TENT') };
      expect(before.web).toBe(8);
      const id = await open([{ sku: 'TENT', qty: 2 }]);
      const received = await t.call('POST', `/v1/returns/${id}/receive`);
      expect(received.status).toBe(200);
      expect(received.body.units.map((u: { state: string }) => u.state)).toEqual(['received', 'received']);
      expect(await t.position('TENT', 'S1')).toEqual({ ...before.position, quarantine: 2 });
      expect(await webUnits('TENT')).toBe(8);
      const reserve = await t.call('POST', '/v1/orders', { channel: 'web', orderRef: 'GREEDY', lines: [{ sku: 'TENT', qty: 9 }] });
      expect(reserve.status).toBe(409); // 8 sellable, the 2 in quarantine are not
      const inspected = await t.call('POST', `/v1/returns/${id}/inspect`, { lines: [{ sku: 'TENT', grade: 'A', packaging: 'sealed' }] });
      expect(inspected.status, JSON.stringify(inspected.body)).toBe(200);
      expect(await t.position('TENT', 'S1')).toEqual({ ...before.position, available: 9, quarantine: 1 });
      expect(await webUnits('TENT')).toBe(9);
      await audit();
    });

    it('conserves units on every disposition path, over HTTP and events, and books ERP documents', async () => {
      const id = await open([{ sku: 'TENT', qty: 5 }]);
      expect((await t.post([cloudEvent('return.received', { returnId: id }, { time: at(T0) })]))[0].status).toBe('accepted');
      const inspect = cloudEvent('return.inspected', {
        returnId: id,
        lines: [
          { sku: 'TENT', grade: 'A', packaging: 'opened' }, // restock
          { sku: 'TENT', grade: 'B', packaging: 'opened' }, // refurbish → restock
          { sku: 'TENT', grade: 'B', packaging: 'damaged' }, // refurbish → damaged → vendor
          { sku: 'TENT', grade: 'D', packaging: 'missing' }, // damaged → disposed
          { sku: 'TENT', grade: 'C', packaging: 'opened' }, // C, warranty unknown (no order found) → refurbish, still refurbishing
        ],
      });
      expect((await t.post([inspect]))[0].status).toBe('accepted');
      expect(await t.position('TENT', 'S1')).toMatchObject({ available: 9, quarantine: 0, refurbish: 3, damaged: 1 });
      const done = cloudEvent('refurbish.completed', {
        returnId: id,
        lines: [
          { sku: 'TENT', outcome: 'restock' },
          { sku: 'TENT', outcome: 'damaged' },
        ],
      });
      expect((await t.post([done]))[0].status).toBe('accepted');
      const disposed = await t.call('POST', `/v1/returns/${id}/dispose`, {
        lines: [
          { sku: 'TENT', outcome: 'vendor_return' },
          { sku: 'TENT', outcome: 'dispose' },
        ],
        claimReference: 'CLM-7',
        reference: 'PO-3',
      });
      expect(disposed.status, JSON.stringify(disposed.body)).toBe(200);
      expect(disposed.body.units.map((u: { state: string }) => u.state).sort()).toEqual([
        'disposed',
        'refurbishing',
        'restocked',
        'restocked',
        'returned_to_vendor',
      ]);
      expect(await t.position('TENT', 'S1')).toEqual({ available: 10, quarantine: 0, refurbish: 1, damaged: 0 });
      await audit();
      const docs = (await t.call('GET', '/v1/erp/documents?limit=100')).body.items as { type: string; payload?: unknown }[];
      const types = docs.map((d) => d.type);
      expect(types.filter((x) => x === 'ReturnOutcome').length).toBeGreaterThanOrEqual(3);
      expect(types).toContain('VendorReturn');
      expect(types).toContain('ScrapOrDisposal');
      const view = (await t.call('GET', `/v1/returns/${id}`)).body;
      expect(view.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['authorised', 'received', 'inspected', 'disposed']));
      expect(view.history.length).toBe(1 + 5 + 5 + 5 + 2 + 2); // authorised, received ×5, inspected ×5, policy ×5, refurbish ×2, operator ×2
    });

    it('validates serials against what we sold: on the order, elsewhere, never (serial_mismatch case)', async () => {
      const sale = cloudEvent('pos.sale', { sku: 'PHONE', node: 'S1', qty: 2, serials: ['SN-1', 'SN-2'] }, { id: 'POS-1', time: at(T0) });
      expect((await t.post([sale]))[0].status).toBe('accepted');
      t.clock.advance(DAY);
      const id = await open([{ sku: 'PHONE', qty: 3, serials: ['SN-1'] }], 'POS-1');
      await t.call('POST', `/v1/returns/${id}/receive`);
      const other = await open([{ sku: 'PHONE', qty: 1 }], 'POS-999');
      await t.call('POST', `/v1/returns/${other}/receive`);
      const inspected = await t.call('POST', `/v1/returns/${id}/inspect`, {
        lines: [
          { sku: 'PHONE', serial: 'SN-1', grade: 'A', packaging: 'sealed' },
          { sku: 'PHONE', serial: 'SN-404', grade: 'A', packaging: 'sealed' },
        ],
      });
      expect(inspected.status, JSON.stringify(inspected.body)).toBe(200);
      const [u1, u2] = inspected.body.units;
      expect(u1).toMatchObject({ state: 'restocked', inspection: { serialCheck: 'sold_on_order', warranty: 'in_warranty', soldAt: at(T0) } });
      expect(u2).toMatchObject({ state: 'inspected', outcome: null, inspection: { serialCheck: 'never_sold', warranty: 'unknown' } });
      const elsewhere = await t.call('POST', `/v1/returns/${other}/inspect`, { lines: [{ sku: 'PHONE', serial: 'SN-2', grade: 'A', packaging: 'sealed' }] });
      expect(elsewhere.body.units[0]).toMatchObject({ state: 'restocked', inspection: { serialCheck: 'sold_elsewhere' } });
      const cases = (await t.call('GET', '/v1/cases?type=serial_mismatch')).body.items as { sku: string; details: { serial: string } }[];
      expect(cases.map((c) => [c.sku, c.details.serial])).toEqual([['PHONE', 'SN-404']]);
      expect(inspected.body.history.some((h: { action: string }) => h.action === 'case_opened')).toBe(true);
      await audit();
    });

    it('records serials of shipped orders under the channel order reference, and runs warranty from the sale date', async () => {
      const placed = await t.call('POST', '/v1/orders', { channel: 'web', orderRef: 'WEB-77', lines: [{ sku: 'PHONE', qty: 1 }] });
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      const fo = placed.body.fulfilmentOrders[0].id as string;
      expect((await t.post([cloudEvent('fulfillment.picked', { fulfilmentOrderId: fo }, { time: at(T0) })]))[0].status).toBe('accepted');
      expect((await t.post([cloudEvent('fulfillment.shipped', { fulfilmentOrderId: fo, serials: ['SN-9'] }, { time: at(T0) })]))[0].status).toBe('accepted');
      t.clock.advance(31 * DAY); // PHONE has a 30-day warranty
      const id = await open([{ sku: 'PHONE', qty: 1 }], 'WEB-77');
      await t.call('POST', `/v1/returns/${id}/receive`);
      const inspected = await t.call('POST', `/v1/returns/${id}/inspect`, { lines: [{ sku: 'PHONE', serial: 'SN-9', grade: 'C', packaging: 'opened' }] });
      // Grade C out of warranty → refurbish by the default table (in warranty it would be damaged).
      expect(inspected.body.units[0]).toMatchObject({
        state: 'refurbishing',
        inspection: { serialCheck: 'sold_on_order', warranty: 'expired', soldAt: at(T0) },
      });
    });

    it('answers bad inspection and disposition input with a 4xx naming the field, changing nothing', async () => {
      const id = await open([{ sku: 'TENT', qty: 1 }]);
      const notYet = await t.call('POST', `/v1/returns/${id}/inspect`, { lines: [{ sku: 'TENT', grade: 'A', packaging: 'sealed' }] });
      expect(notYet).toMatchObject({ status: 409, body: { code: 'return_transition_not_allowed', field: 'lines.0.sku' } });
      await t.call('POST', `/v1/returns/${id}/receive`);
      const snapshot = async () => ({
        view: (await t.call('GET', `/v1/returns/${id}`)).body,
        movements: await t.store.ledger.countMovements(),
        tent: await t.position('TENT', 'S1'),
      });
      const before = await snapshot();
      const bad: [string, unknown, number, string, string][] = [
        [`/v1/returns/ret_nope/inspect`, { lines: [{ sku: 'TENT', grade: 'A', packaging: 'sealed' }] }, 404, 'unknown_return', 'id'],
        [`/v1/returns/${id}/inspect`, { lines: [{ sku: 'TENT', grade: 'E', packaging: 'sealed' }] }, 400, 'invalid_request', 'lines.0.grade'],
        [`/v1/returns/${id}/inspect`, { lines: [{ sku: 'TENT', grade: 'A', packaging: 'crushed' }] }, 400, 'invalid_request', 'lines.0.packaging'],
        [
          `/v1/returns/${id}/inspect`,
          { lines: [{ sku: 'TENT', serial: 'SN-1', grade: 'A', packaging: 'sealed' }] },
          400,
          'serial_not_allowed',
          'lines.0.serial',
        ],
        [
          `/v1/returns/${id}/inspect`,
          { lines: [{ sku: 'PHONE', serial: 'SN-1', grade: 'A', packaging: 'sealed' }] },
          422,
          'return_line_not_found',
          'lines.0.sku',
        ],
        [`/v1/returns/${id}/dispose`, { lines: [{ sku: 'TENT', outcome: 'restock' }] }, 409, 'return_transition_not_allowed', 'lines.0.outcome'],
        [`/v1/returns/${id}/dispose`, { lines: [{ sku: 'TENT', outcome: 'scrap' }] }, 400, 'invalid_request', 'lines.0.outcome'],
      ];
      for (const [url, body, status, code, field] of bad) {
        const res = await t.call('POST', url, body);
        expect({ url, status: res.status, code: res.body.code, field: res.body.field }).toEqual({ url, status, code, field });
      }
      const viaEvent = await t.post([cloudEvent('return.inspected', { returnId: id, lines: [{ sku: 'TENT', grade: 'Z', packaging: 'sealed' }] })]);
      expect(viaEvent[0]).toMatchObject({ status: 'rejected', error: { field: 'data.lines.0.grade' } });
      const unknown = await t.post([cloudEvent('return.received', { returnId: 'ret_nope' })]);
      expect(unknown[0]).toMatchObject({ status: 'rejected', error: { code: 'unknown_return', field: 'data.returnId' } });
      expect(await snapshot()).toEqual(before);
    });

    it('reports return-to-stock cycle time (median, p90) and units by outcome at GET /v1/stats', async () => {
      const hours = [2, 4, 10];
      for (const h of hours) {
        const id = await open([{ sku: 'TENT', qty: 1 }]);
        await t.post([cloudEvent('return.received', { returnId: id }, { time: at(T0) })]);
        await t.post([
          cloudEvent('return.inspected', { returnId: id, lines: [{ sku: 'TENT', grade: 'A', packaging: 'sealed' }] }, { time: at(T0 + h * HOUR) }),
        ]);
      }
      const damaged = await open([{ sku: 'TENT', qty: 1 }]);
      await t.call('POST', `/v1/returns/${damaged}/receive`);
      await t.call('POST', `/v1/returns/${damaged}/inspect`, { lines: [{ sku: 'TENT', grade: 'D', packaging: 'sealed' }] });
      const stats = (await t.call('GET', '/v1/stats')).body.returns;
      expect(stats).toMatchObject({
        restockedReturns: 3,
        cycleTimeHoursP50: 4,
        cycleTimeHoursP90: 10,
        unitsByOutcome: { restock: 3, damaged: 1 },
        unitsByState: { restocked: 3, damaged: 1 },
      });
    });
  });
}
