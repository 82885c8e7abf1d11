// Reconciliation of snapshots on every store backend: the ledger as of the snapshot's business time
// (late events), likely causes, bad rows with line numbers and strict mode, deduplicated cases.
// Method: events ingested with a fake clock (recorded_at), then snapshots reconciled through the use case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventIngestor } from '../../../src/app/ingest-events.ts';
import { LedgerWriter } from '../../../src/app/ledger-writer.ts';
import { ReconcileSnapshot, type SnapshotOutcome } from '../../../src/app/reconcile-snapshot.ts';
import type { RawSnapshotRow } from '../../../src/core/reconciliation/snapshot-line.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';

const admin = { allowedSource: null };
const at = (iso: string) => Date.parse(iso);
const AS_OF = at('2026-11-01T12:00:00Z');

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`reconciliation on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    let now = at('2026-11-01T08:00:00Z');
    let ingestor: EventIngestor;
    let reconcile: ReconcileSnapshot;

    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
      const clock = { now: () => now };
      const writer = new LedgerWriter(store, clock);
      ingestor = new EventIngestor(store, clock, writer);
      reconcile = new ReconcileSnapshot({ store, writer, policies: { current: () => null }, clock });
      for (const sku of ['TENT-1', 'BOOT-2', 'CAP-3']) {
        await store.masterData.putItem({ sku, name: sku, category: 'test', unitCost: 100, unitPrice: 150, serialized: false, substitutes: [] });
      }
      for (const nodeId of ['S1', 'S2', 'DC1']) {
        await store.masterData.putNode({
          nodeId,
          type: nodeId === 'DC1' ? 'dc' : 'store',
          name: nodeId,
          region: 'north',
          latitude: 52,
          longitude: 13,
          capacityPerDay: 100,
          fulfils: ['ship'],
        });
      }
    });
    afterEach(async () => opened.dispose());

    /** Ingests one event at business time `time`, recorded when the fake clock says `recordedAt`. */
    const post = async (type: string, data: Record<string, unknown>, time: string, recordedAt: string) => {
      now = at(recordedAt);
      return (await ingestor.ingest([cloudEvent(type, data, { time })], admin))[0];
    };
    const rows = (...lines: Record<string, unknown>[]): RawSnapshotRow[] => lines.map((value, i) => ({ line: i + 2, value }));
    const run = async (source: string, lines: RawSnapshotRow[], strict = false): Promise<SnapshotOutcome> => {
      now = at('2026-11-01T18:00:00Z');
      const r = await reconcile.run({ source, asOfMs: AS_OF, rows: lines, strict, createdBy: 'test' });
      if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.error)}`);
      return r.value;
    };
    const variancesOf = async (id: number) => (await store.reconciliation.variances(id, { cursor: null, limit: 100 })).items;

    it('compares with the ledger as of the snapshot time: a later late event is no variance', async () => {
      await post('wms.receipt', { sku: 'TENT-1', node: 'S1', qty: 10 }, '2026-11-01T08:00:00Z', '2026-11-01T08:00:01Z');
      // A sale that happened at 13:00, after the snapshot, posted late at 15:00.
      await post('pos.sale', { sku: 'TENT-1', node: 'S1', qty: 1 }, '2026-11-01T13:00:00Z', '2026-11-01T15:00:00Z');
      expect((await store.ledger.positionsOfSku('TENT-1'))[0]).toMatchObject({ available: 9 }); // "now" differs from the snapshot
      const r = await run('erp', rows({ sku: 'TENT-1', node: 'S1', qty: '10' }));
      expect(r.summary).toMatchObject({ lines: 1, matched: 1, differing: 0 });
      expect(await variancesOf(r.id)).toEqual([]);
    });

    it('includes a late event that occurred before asOf, and names it when the source had not seen it', async () => {
      await post('wms.receipt', { sku: 'BOOT-2', node: 'S1', qty: 10 }, '2026-11-01T08:00:00Z', '2026-11-01T08:00:01Z');
      // Sold at 11:00, before the snapshot, but posted at 14:00, after it.
      const sale = await post('pos.sale', { sku: 'BOOT-2', node: 'S1', qty: 2 }, '2026-11-01T11:00:00Z', '2026-11-01T14:00:00Z');
      // A physical count as of 12:00 saw the units gone: it agrees with the as-of ledger.
      expect((await run('wms', rows({ sku: 'BOOT-2', node: 'S1', qty: 8 }))).summary.differing).toBe(0);
      // An ERP that had not received the posting still says 10: a +2 variance, caused by the late posting.
      const erp = await run('erp', rows({ sku: 'BOOT-2', node: 'S1', qty: 10 }));
      expect(await variancesOf(erp.id)).toEqual([
        {
          line: 2,
          sku: 'BOOT-2',
          node: 'S1',
          channel: null,
          bucket: 'on_hand',
          expected: 8,
          reported: 10,
          variance: 2,
          value: 200,
          material: true,
          likelyCause: { cause: 'late_posting', explainedUnits: 2, references: [`test/wms/${sale?.id}`] },
        },
      ]);
    });

    it('names a transfer in transit at asOf and an event still in flight (a dead letter)', async () => {
      await post('wms.receipt', { sku: 'CAP-3', node: 'DC1', qty: 50 }, '2026-11-01T08:00:00Z', '2026-11-01T08:00:01Z');
      await post('wms.receipt', { sku: 'CAP-3', node: 'S2', qty: 5 }, '2026-11-01T08:00:00Z', '2026-11-01T08:00:01Z');
      await post('transfer.shipped', { sku: 'CAP-3', node: 'DC1', qty: 6, toNode: 'S1', transferId: 'T-1' }, '2026-11-01T10:00:00Z', '2026-11-01T10:00:01Z');
      await post('transfer.received', { sku: 'CAP-3', node: 'S1', qty: 6, transferId: 'T-1' }, '2026-11-01T13:00:00Z', '2026-11-01T13:00:01Z');
      // A receipt against an unknown transfer is a dead letter: received, not applied.
      const stuck = await post('transfer.received', { sku: 'CAP-3', node: 'S2', qty: 4, transferId: 'T-404' }, '2026-11-01T11:00:00Z', '2026-11-01T11:00:01Z');
      expect(stuck?.status).toBe('rejected');
      const r = await run(
        'erp',
        rows({ sku: 'CAP-3', node: 'S1', qty: 6 }, { sku: 'CAP-3', node: 'S2', qty: 9 }, { sku: 'CAP-3', node: 'DC1', qty: 44, bucket: 'available' }),
      );
      expect((await variancesOf(r.id)).map((v) => [v.node, v.expected, v.reported, v.likelyCause?.cause, v.likelyCause?.references])).toEqual([
        ['S1', 0, 6, 'pending_transfer', ['T-1']],
        ['S2', 5, 9, 'in_flight', [`test/wms/${stuck?.id}`]],
      ]);
    });

    it('reports each bad row with its line number and still reconciles the good ones', async () => {
      await post('wms.receipt', { sku: 'TENT-1', node: 'S1', qty: 3 }, '2026-11-01T08:00:00Z', '2026-11-01T08:00:01Z');
      const file: RawSnapshotRow[] = [
        { line: 2, value: { sku: 'TENT-1', node: 'S1', qty: '3' } },
        { line: 3, parseError: 'expected 3 cells (one per header column), got 2' },
        { line: 4, value: { sku: 'NOPE', node: 'S1', qty: '1' } },
        { line: 5, value: { sku: 'BOOT-2', node: 'S2', qty: '-4' } },
        { line: 6, value: { sku: 'BOOT-2', node: 'S2', qty: '4' } },
      ];
      const r = await run('erp', file);
      expect(r.summary).toMatchObject({ lines: 2, matched: 1, differing: 1, rejected: 3 });
      expect((await store.reconciliation.rejectedLines(r.id)).map((l) => [l.line, l.code, l.field])).toEqual([
        [3, 'bad_row', null],
        [4, 'unknown_sku', 'sku'],
        [5, 'negative_quantity', 'qty'],
      ]);
      now = at('2026-11-01T18:00:00Z');
      const strict = await reconcile.run({ source: 'erp', asOfMs: AS_OF, rows: file, strict: true, createdBy: 'test' });
      expect(strict.ok).toBe(false);
      if (strict.ok || strict.error.kind !== 'rejected') throw new Error('expected a strict rejection');
      expect(strict.error.rejected.map((l) => l.line)).toEqual([3, 4, 5]);
      expect((await store.reconciliation.list({}, { cursor: null, limit: 10 })).items.map((x) => x.id)).toEqual([r.id]);
    });

    it('opens one stock_mismatch case per source, node and sku, and adds an occurrence on a repeat', async () => {
      await post('wms.receipt', { sku: 'TENT-1', node: 'S1', qty: 10 }, '2026-11-01T08:00:00Z', '2026-11-01T08:00:01Z');
      const snapshot = rows(
        { sku: 'TENT-1', node: 'S1', qty: 7, bucket: 'available' },
        { sku: 'TENT-1', node: 'S1', qty: 1, bucket: 'damaged' },
        { sku: 'BOOT-2', node: 'S2', qty: 1 },
      );
      const first = await run('erp', snapshot);
      expect(first.cases).toEqual({ opened: 2, repeated: 0 });
      const second = await run('erp', snapshot);
      expect(second.cases).toEqual({ opened: 0, repeated: 2 });
      const cases = (await store.cases.list({ type: 'stock_mismatch' }, { cursor: null, limit: 10 })).items;
      expect(cases.map((c) => [c.dedupeKey, c.occurrences]).sort()).toEqual([
        ['stock_mismatch:erp:S1:TENT-1', 2],
        ['stock_mismatch:erp:S2:BOOT-2', 2],
      ]);
      expect((await store.reconciliation.list({ source: 'erp' }, { cursor: null, limit: 1 })).items[0]?.id).toBe(second.id);
      const drift = await store.reconciliation.drift(null);
      expect(drift).toEqual([
        { source: 'erp', reconciliations: 2, latest: { id: second.id, asOfMs: AS_OF, differingShare: 1, valueAtRisk: 500 }, points: expect.any(Array) },
      ]);
    });
  });
}
