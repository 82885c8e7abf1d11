// Event ingestion end to end through the use case on every store backend: each event type's
// movements, idempotency, dead letters, late postings against cycle counts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventIngestor } from '../../../src/app/ingest-events.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';

const admin = { allowedSource: null };

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`event ingestion on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    let ingestor: EventIngestor;
    let clock = 1_800_000_000_000;

    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
      ingestor = new EventIngestor(store, { now: () => clock++ });
      await seedMasterData(store, ['SKU-1', 'SKU-2'], ['S1', 'S2', 'DC1']);
    });
    afterEach(async () => opened.dispose());

    const position = async (sku: string, node: string) => (await store.ledger.positionsOfSku(sku)).find((p) => p.node === node);

    it('applies a receipt and a sale, and answers a repeat as duplicate without moving stock twice', async () => {
      const receipt = cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 10 });
      const sale = cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 3 }, { source: 'test/pos' });
      expect(await ingestor.ingest([receipt, sale], admin)).toEqual([
        { id: receipt.id, status: 'accepted' },
        { id: sale.id, status: 'accepted' },
      ]);
      expect(await ingestor.ingest([sale], admin)).toEqual([{ id: sale.id, status: 'duplicate' }]);
      expect(await position('SKU-1', 'S1')).toMatchObject({ available: 7 });
      expect(await store.ledger.verifyProjection()).toEqual([]);
      expect(await store.ledger.conservationViolations()).toEqual([]);
    });

    it('dead-letters an unknown sku with the field named, and accepts it on replay once the item exists', async () => {
      const e = cloudEvent('pos.sale', { sku: 'NEW-1', node: 'S1', qty: 1 });
      const [verdict] = await ingestor.ingest([e], admin);
      expect(verdict).toMatchObject({ status: 'rejected', error: { code: 'unknown_sku', field: 'data.sku' } });
      const letters = await store.deadLetters.list({ status: 'pending' }, { cursor: null, limit: 10 });
      expect(letters.items).toHaveLength(1);
      const letter = letters.items[0];
      if (!letter) throw new Error('no dead letter');
      await seedMasterData(store, ['NEW-1'], []);
      expect(await ingestor.replay(JSON.parse(letter.body), letter.id)).toEqual({ id: e.id, status: 'accepted' });
      expect((await store.deadLetters.get(letter.id))?.status).toBe('replayed');
      expect(await position('NEW-1', 'S1')).toMatchObject({ available: -1 });
    });

    it('does not move on-hand twice for a sale posted after a cycle count that already saw it', async () => {
      await ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 10 }, { time: '2026-11-01T08:00:00Z' })], admin);
      // The count at 12:00 finds 9: one unit was sold at 11:00 but the POS has not posted it yet.
      await ingestor.ingest([cloudEvent('wms.cycle_count', { sku: 'SKU-1', node: 'S1', countedQty: 9 }, { time: '2026-11-01T12:00:00Z' })], admin);
      expect(await position('SKU-1', 'S1')).toMatchObject({ available: 9 });
      await ingestor.ingest([cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }, { time: '2026-11-01T11:00:00Z' })], admin);
      expect(await position('SKU-1', 'S1')).toMatchObject({ available: 9 });
      const moves = (await store.ledger.movements({ sku: 'SKU-1' }, { cursor: null, limit: 100 })).items.map((m) => m.reason);
      expect(moves).toEqual(['receipt', 'cycle_count', 'sale', 'late_posting_correction']);
      expect(await store.ledger.verifyProjection()).toEqual([]);
    });

    it('takes a count as of its time: a sale after the count but posted before it is not counted twice', async () => {
      await ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 10 }, { time: '2026-11-01T08:00:00Z' })], admin);
      await ingestor.ingest([cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 2 }, { time: '2026-11-01T13:00:00Z' })], admin);
      await ingestor.ingest([cloudEvent('wms.cycle_count', { sku: 'SKU-1', node: 'S1', countedQty: 10 }, { time: '2026-11-01T12:00:00Z' })], admin);
      expect(await position('SKU-1', 'S1')).toMatchObject({ available: 8 });
      expect(await store.ledger.countRecords('SKU-1', 'S1')).toEqual([expect.objectContaining({ expectedQty: 10, variance: 0, superseded: false })]);
    });

    it('receives against an ASN from inbound, and the excess from the supplier', async () => {
      await ingestor.ingest([cloudEvent('supplier.asn', { sku: 'SKU-1', node: 'DC1', qty: 5, reference: 'ASN-1' })], admin);
      await ingestor.ingest([cloudEvent('erp.po.created', { sku: 'SKU-1', node: 'DC1', qty: 5, reference: 'ASN-1' })], admin);
      expect(await position('SKU-1', 'DC1')).toMatchObject({ inbound: 5, available: 0 });
      await ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'DC1', qty: 7, reference: 'ASN-1' })], admin);
      expect(await position('SKU-1', 'DC1')).toMatchObject({ inbound: 0, available: 7 });
    });

    it('keeps a transfer on the books while in transit', async () => {
      await ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'DC1', qty: 10 })], admin);
      await ingestor.ingest([cloudEvent('transfer.shipped', { sku: 'SKU-1', node: 'DC1', qty: 4, toNode: 'S1', transferId: 'T-1' })], admin);
      expect(await position('SKU-1', 'S1')).toMatchObject({ inbound: 4 });
      const [early] = await ingestor.ingest([cloudEvent('transfer.received', { sku: 'SKU-1', node: 'S2', qty: 4, transferId: 'T-1' })], admin);
      expect(early).toMatchObject({ status: 'rejected', error: { field: 'data.node' } });
      await ingestor.ingest([cloudEvent('transfer.received', { sku: 'SKU-1', node: 'S1', qty: 4, transferId: 'T-1' })], admin);
      expect(await position('SKU-1', 'S1')).toMatchObject({ inbound: 0, available: 4 });
      expect(await position('SKU-1', 'DC1')).toMatchObject({ available: 6 });
    });

    it('rejects bad input per event, naming the field, and accepts the rest of the batch', async () => {
      const good = cloudEvent('pos.return', { sku: 'SKU-2', node: 'S2', qty: 1 });
      const verdicts = await ingestor.ingest(
        [
          cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 0 }),
          cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1.5 }),
          cloudEvent('wms.adjustment', { sku: 'SKU-1', node: 'S1', delta: 2, reason: 'damage' }),
          { ...cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }), specversion: '0.3' },
          cloudEvent('no.such.type', {}),
          good,
        ],
        admin,
      );
      expect(verdicts.map((v) => (v.status === 'rejected' ? v.error.field : v.status))).toEqual([
        'data.qty',
        'data.qty',
        'data.delta',
        'specversion',
        'type',
        'accepted',
      ]);
      expect(await position('SKU-1', 'S1')).toBeUndefined();
      expect(await position('SKU-2', 'S2')).toMatchObject({ quarantine: 1, available: 0 });
    });

    it('audits a manual adjustment with its source, subject and delta, and nothing for a rejected one', async () => {
      const damage = cloudEvent('wms.adjustment', { sku: 'SKU-1', node: 'S1', delta: -2, reason: 'damage' }, { source: 'wms/leeds' });
      const wrongSign = cloudEvent('wms.adjustment', { sku: 'SKU-1', node: 'S1', delta: 2, reason: 'damage' });
      await ingestor.ingest([damage, wrongSign], admin);
      const entries = (await store.audit.list({ action: 'inventory.adjusted' }, { cursor: null, limit: 10 })).items;
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actor: 'wms/leeds', subject: 'SKU-1@S1', details: { eventId: damage.id, delta: -2, reason: 'damage' } });
    });

    it('applies the same event posted 20 times concurrently exactly once', async () => {
      const e = cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 3 });
      const verdicts = (await Promise.all(Array.from({ length: 20 }, () => ingestor.ingest([e], admin)))).flat();
      expect(verdicts.filter((v) => v.status === 'accepted')).toHaveLength(1);
      expect(verdicts.filter((v) => v.status === 'duplicate')).toHaveLength(19);
      expect(await position('SKU-1', 'S1')).toMatchObject({ available: 3 });
    });
  });
}
