// ERP documents on every store backend: produced exactly once per business fact through the real
// ledger runtime (event posted twice, copies in one batch, dead letter replayed, rolled-back
// command), and delivered at least once through the dispatcher with a scripted connector and a
// fake clock, surviving a restart mid-retry (store reopened, lease expiry).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErpDocumentDispatcher } from '../../../src/app/dispatch-erp-documents.ts';
import { seededRandom } from '../../../src/app/outbox/seeded-random.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../../src/main/ledger-runtime.ts';
import type { ErpConnector, ErpDeliveryResult } from '../../../src/ports/erp-connector.ts';
import type { ErpDocumentRecord } from '../../../src/ports/erp-documents.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../../support/fixtures.ts';
import { reopenStore } from '../../support/reopen-store.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';

const admin = { allowedSource: null };
const page = { cursor: null, limit: 100 };

/** Answers from a script, then `delivered`; records every request's idempotency key. */
class ScriptedErpConnector implements ErpConnector {
  readonly type = 'webhook';
  readonly keys: string[] = [];
  constructor(private readonly script: (ErpDeliveryResult | 'throw')[] = []) {}
  async deliver(doc: ErpDocumentRecord): Promise<ErpDeliveryResult> {
    this.keys.push(doc.idempotencyKey);
    const step = this.script.shift() ?? { kind: 'delivered', erpReference: `2027/${doc.id}` };
    if (step === 'throw') throw new Error('boom');
    return step;
  }
}

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`ERP documents on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    let runtime: LedgerRuntime;
    let now = 1_800_000_000_000;
    const clock = { now: () => now };

    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
      runtime = createLedgerRuntime(store, clock, { current: () => null, version: () => 0 });
      await seedMasterData(store, ['SKU-1'], ['S1', 'S2']);
    });
    afterEach(async () => opened.dispose());

    const all = async (s: Store = store) => (await s.erpDocuments.list({}, page)).items;

    it('makes one GoodsReceipt for a receipt posted twice, and for two copies in one batch', async () => {
      const receipt = cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 4, reference: 'PO-1:10' });
      await runtime.ingestor.ingest([receipt, receipt], admin);
      expect(await runtime.ingestor.ingest([receipt], admin)).toEqual([{ id: receipt.id, status: 'duplicate' }]);
      const docs = await all();
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({
        type: 'GoodsReceipt',
        status: 'pending',
        idempotencyKey: `goods-receipt:test%2Fwms:${receipt.id}:SKU-1`,
        createdAtMs: now,
        causedAtMs: Date.parse('2026-11-01T10:00:00Z'),
        document: { details: { purchaseOrder: 'PO-1', purchaseOrderItem: '10' }, lines: [{ sku: 'SKU-1', node: 'S1', qty: 4, unitCost: 5, value: 20 }] },
      });
    });

    it('makes the document once when a dead-lettered event is replayed, and not again on a second replay', async () => {
      const count = cloudEvent('wms.cycle_count', { sku: 'NEW-1', node: 'S1', countedQty: 0 });
      await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 1 })], admin);
      expect((await runtime.ingestor.ingest([count], admin))[0]).toMatchObject({ status: 'rejected' });
      const [letter] = (await store.deadLetters.list({ status: 'pending' }, page)).items;
      if (letter === undefined) throw new Error('no dead letter');
      await seedMasterData(store, ['NEW-1'], []);
      await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'NEW-1', node: 'S1', qty: 3 }, { time: '2026-11-01T09:00:00Z' })], admin);
      expect(await runtime.ingestor.replay(JSON.parse(letter.body), letter.id)).toMatchObject({ status: 'accepted' });
      expect(await runtime.ingestor.replay(JSON.parse(letter.body), letter.id)).toMatchObject({ status: 'duplicate' });
      const adjustments = (await all()).filter((d) => d.type === 'InventoryAdjustment');
      expect(adjustments.map((d) => [d.idempotencyKey, d.document.lines[0]?.qty, d.document.lines[0]?.value])).toEqual([
        [`inventory-adjustment:test%2Fwms:${count.id}:NEW-1:cycle_count:loss`, 3, 15],
      ]);
    });

    it('confirms a transfer from its origin, and writes nothing for a rejected event in the same batch', async () => {
      await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 5 })], admin);
      const verdicts = await runtime.ingestor.ingest(
        [
          cloudEvent('transfer.shipped', { sku: 'SKU-1', node: 'S1', qty: 2, toNode: 'S2', transferId: 'T-1' }),
          cloudEvent('transfer.received', { sku: 'SKU-1', node: 'S2', qty: 2, transferId: 'T-404' }),
          cloudEvent('transfer.received', { sku: 'SKU-1', node: 'S2', qty: 2, transferId: 'T-1' }),
        ],
        admin,
      );
      expect(verdicts.map((v) => v.status)).toEqual(['accepted', 'rejected', 'accepted']);
      const transfers = (await all()).filter((d) => d.type === 'TransferConfirmation');
      expect(transfers.map((d) => d.document.details)).toEqual([{ transferId: 'T-1', fromNode: 'S1', toNode: 'S2' }]);
    });

    it('keeps the first document of a key written twice in the ledger transaction', async () => {
      const [doc] =
        (await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 1 })], admin)) && (await all()).map((r) => r.document);
      if (doc === undefined) throw new Error('no document');
      await store.ingestTransaction((tx) => tx.enqueueErpDocuments([doc, { ...doc, lines: [] }], now + 1));
      expect((await all()).map((r) => r.document.lines.length)).toEqual([1]);
    });

    it('delivers in order per type, retries with backoff, dead-letters after the limit, and retries a dead letter on request', async () => {
      for (const qty of [1, 2, 3]) await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty })], admin);
      const connector = new ScriptedErpConnector([{ kind: 'retryable', reason: 'server_error', message: 'HTTP 503' }, 'throw']);
      const dispatcher = new ErpDocumentDispatcher(
        { documents: store.erpDocuments, connector, rateLimit: { requestsPerSecond: 100, burst: 100 }, clock, random: seededRandom(1) },
        { attemptsMax: 3 },
      );
      expect(await dispatcher.tick()).toMatchObject({ claimed: 3, retried: 1, deferred: 2, delivered: 0 });
      // The later receipts wait behind the first: nothing of the type is claimable before it is due.
      expect(await dispatcher.tick()).toMatchObject({ claimed: 0 });
      now += 10 * 60 * 1000;
      expect(await dispatcher.tick()).toMatchObject({ claimed: 3, retried: 1, deferred: 2 });
      now += 10 * 60 * 1000;
      expect(await dispatcher.tick()).toMatchObject({ claimed: 3, delivered: 3 });
      const ids = (await all()).map((d) => d.idempotencyKey);
      expect(connector.keys).toEqual([ids[0], ids[0], ids[0], ids[1], ids[2]]);
      const first = (await all())[0];
      expect(first).toMatchObject({ status: 'delivered', attempts: 2, erpReference: `2027/${first?.id}` });

      await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 9 })], admin);
      const failing = new ScriptedErpConnector(Array.from({ length: 3 }, () => ({ kind: 'retryable', reason: 'timeout', message: 'slow' }) as const));
      const d2 = new ErpDocumentDispatcher(
        { documents: store.erpDocuments, connector: failing, rateLimit: { requestsPerSecond: 100, burst: 100 }, clock, random: seededRandom(2) },
        { attemptsMax: 3 },
      );
      for (let i = 0; i < 3; i++) {
        await d2.tick();
        now += 10 * 60 * 1000;
      }
      const [dead] = (await store.erpDocuments.list({ status: 'dead' }, page)).items;
      expect(dead).toMatchObject({ attempts: 3, lastError: 'timeout: slow (gave up after 3 attempts)' });
      if (dead === undefined) throw new Error('no dead letter');
      expect(await store.erpDocuments.retry(dead.id, now)).toBe('pending');
      expect(await store.erpDocuments.retry(dead.id, now)).toBe('not_dead');
      expect(await store.erpDocuments.retry(999_999, now)).toBe('not_found');
      expect(await d2.tick()).toMatchObject({ delivered: 1 });
    });

    it('dead-letters a rejected document at once and lets the next of its type go', async () => {
      for (const qty of [1, 2]) await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty })], admin);
      const connector = new ScriptedErpConnector([{ kind: 'rejected', message: 'M7/021 unknown material' }]);
      const d = new ErpDocumentDispatcher({
        documents: store.erpDocuments,
        connector,
        rateLimit: { requestsPerSecond: 100, burst: 100 },
        clock,
        random: seededRandom(3),
      });
      expect(await d.tick()).toMatchObject({ dead: 1, delivered: 1 });
      expect(await store.erpDocuments.countByStatus()).toEqual({ pending: 0, delivered: 1, dead: 1 });
    });

    it('survives a restart mid-retry: a crashed claim is redelivered after its lease, with the same key, by a reopened store', async () => {
      await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 2 })], admin);
      const flaky = new ScriptedErpConnector([{ kind: 'retryable', reason: 'server_error', message: 'HTTP 500' }]);
      const before = new ErpDocumentDispatcher({
        documents: store.erpDocuments,
        connector: flaky,
        rateLimit: { requestsPerSecond: 10, burst: 1 },
        clock,
        random: seededRandom(4),
      });
      await before.tick(); // one failed attempt recorded
      now += 20 * 60 * 1000;
      // The process claims it again and dies before recording anything.
      const [claimed] = await store.erpDocuments.claimDue(now, 20, 15 * 60 * 1000);
      expect(claimed).toMatchObject({ attempts: 1 });
      const reopened = await reopenStore(opened.url);
      try {
        const after = new ScriptedErpConnector();
        const d = new ErpDocumentDispatcher({
          documents: reopened.erpDocuments,
          connector: after,
          rateLimit: { requestsPerSecond: 10, burst: 1 },
          clock,
          random: seededRandom(5),
        });
        expect(await d.tick()).toMatchObject({ claimed: 0 }); // still leased
        now += 15 * 60 * 1000;
        expect(await d.tick()).toMatchObject({ claimed: 1, delivered: 1 });
        expect(after.keys).toEqual([claimed?.idempotencyKey]);
        expect(flaky.keys).toEqual([claimed?.idempotencyKey]);
        expect((await all(reopened))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
      } finally {
        await reopened.close();
      }
    });

    it('streams documents created since a time, in id order', async () => {
      await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 1 })], admin);
      now += 1_000;
      const since = now;
      for (const qty of [2, 3, 4]) await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty })], admin);
      const chunks: number[][] = [];
      for await (const chunk of store.erpDocuments.createdSince(since, 2)) chunks.push(chunk.map((d) => d.document.lines[0]?.qty ?? 0));
      expect(chunks).toEqual([[2, 3], [4]]);
    });
  });
}
