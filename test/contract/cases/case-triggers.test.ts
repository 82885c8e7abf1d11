// Case triggers through the ledger write path on every store backend: negative available opens
// one case per (sku, node), repeats add occurrences, a receipt auto-resolves it with the reason;
// counts over the threshold and dead-lettered events open their cases. Real stores, fake clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudEvent } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';
import { type CaseRig, caseRig, events, seed } from './case-harness.ts';

const HOUR = 3_600_000;

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`case triggers on ${backend.name}`, () => {
    let opened: OpenedStore;
    let rig: CaseRig;
    beforeEach(async () => {
      opened = await backend.open();
      await seed(opened.store);
      rig = caseRig(opened.store);
    });
    afterEach(async () => {
      await rig.runtime.writer.idle();
      await opened.dispose();
    });

    const list = async (type: string) => (await opened.store.cases.list({ type: type as never }, { cursor: null, limit: 100 })).items;

    it('opens negative_available once per sku and node, adds occurrences, and auto-resolves after a receipt with the reason', async () => {
      expect(await rig.post([events.receipt(2)])).toEqual(['accepted']);
      expect(await list('negative_available')).toEqual([]);
      await rig.post([events.sale(5)]);
      await rig.post([events.sale(1, '2026-11-01T10:06:00Z')]);
      const [open] = await list('negative_available');
      expect(open).toMatchObject({
        status: 'open',
        dedupeKey: 'negative_available:A:S1',
        sku: 'A',
        node: 'S1',
        occurrences: 2,
        queue: 'north-stock',
        region: 'north',
        valueAtRisk: 20, // 4 units short × unit cost 5
        details: { available: -4, causes: ['pos.sale'] },
      });
      expect(open?.slaDueAtMs).toBe((open?.openedAtMs ?? 0) + 2 * HOUR);
      // A receipt that leaves it negative keeps the case open; one that restores it resolves it.
      await rig.post([events.receipt(1, '2026-11-01T10:07:00Z')]);
      expect((await list('negative_available'))[0]?.status).toBe('open');
      rig.clock.advance(60_000);
      await rig.post([events.receipt(10, '2026-11-01T10:08:00Z')]);
      const [closed] = await list('negative_available');
      expect(closed).toMatchObject({
        status: 'resolved',
        closedBy: 'system',
        autoReason: 'available back to 7 after wms.receipt',
        closedAtMs: rig.clock.now(),
      });
      const history = (await opened.store.cases.get(closed?.id ?? 0, 10))?.history;
      expect(history?.map((h) => [h.action, h.actor, h.note])).toEqual([
        ['opened', 'system', null],
        ['auto_resolve', 'system', 'available back to 7 after wms.receipt'],
      ]);
      const audit = await opened.store.audit.list({ subject: `case:${closed?.id}` }, { cursor: null, limit: 10 });
      expect(audit.items).toMatchObject([{ action: 'case.resolved', actor: 'system', details: { auto: true } }]);
      // Going negative again opens a new case: the resolved one is never touched again.
      await rig.post([events.sale(9, '2026-11-01T10:09:00Z')]);
      const again = await list('negative_available');
      expect(again.map((c) => [c.status, c.occurrences])).toEqual([
        ['resolved', 2],
        ['open', 1],
      ]);
    });

    it('opens stock_mismatch for a count over the unit threshold only, with the count in the details', async () => {
      await rig.post([events.receipt(20, '2026-11-01T09:00:00Z')]);
      await rig.post([events.count(17, '2026-11-01T09:30:00Z')]); // variance -3: not above 3
      expect(await list('stock_mismatch')).toEqual([]);
      await rig.post([events.count(10, '2026-11-01T09:40:00Z')]); // variance -7
      expect(await list('stock_mismatch')).toMatchObject([
        {
          status: 'open',
          dedupeKey: 'stock_mismatch:A:S1',
          queue: 'north-stock',
          valueAtRisk: 35,
          occurrences: 1,
          details: { countedQty: 10, expectedQty: 17, variance: -7, varianceValue: 35 },
        },
      ]);
      await rig.post([events.count(30, '2026-11-01T09:50:00Z')]); // variance +20: the same case again
      expect((await list('stock_mismatch')).map((c) => c.occurrences)).toEqual([2]);
    });

    it('turns dead-lettered events into one failed_integration case per source and type, one occurrence each', async () => {
      const bad = (source: string) => cloudEvent('pos.sale', { sku: 'NOPE', node: 'S1', qty: 1 }, { source });
      expect(await rig.post([bad('pos/a'), bad('pos/a'), events.sale(1), bad('pos/b')])).toEqual(['rejected', 'rejected', 'accepted', 'rejected']);
      const cases = await list('failed_integration');
      expect(cases.map((c) => [c.dedupeKey, c.occurrences, c.queue])).toEqual([
        ['failed_integration:inbound:pos/a:pos.sale', 2, 'ops'],
        ['failed_integration:inbound:pos/b:pos.sale', 1, 'ops'],
      ]);
      expect(cases[0]?.details).toMatchObject({ direction: 'inbound', source: 'pos/a', error: { code: 'unknown_sku' } });
    });
  });
}
