// The batch-oriented PostgreSQL ingestion path at its edges: a transaction larger than one SQL
// chunk (limits.sqlRowsPerStatementMax), position rows created for locking but left unused, and
// text PostgreSQL cannot store (NUL), which must be refused per event, never fail the batch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventIngestor } from '../../../src/app/ingest-events.ts';
import { asNodeId, asSku } from '../../../src/core/ids.ts';
import { account, at } from '../../../src/core/ledger/buckets.ts';
import { emptyChange } from '../../../src/core/ledger/ledger-change.ts';
import { movement } from '../../../src/core/ledger/movement.ts';
import { limits } from '../../../src/core/limits.ts';
import { type EventRecord, eventKey, type Store } from '../../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../../support/fixtures.ts';
import { type OpenedStore, postgresBackend } from '../../support/stores.ts';

const admin = { allowedSource: null };

describe.skipIf(postgresBackend.skipReason !== null)('PostgreSQL ingestion transaction', () => {
  let opened: OpenedStore;
  let store: Store;
  let ingestor: EventIngestor;

  beforeEach(async () => {
    opened = await postgresBackend.open();
    store = opened.store;
    let clock = 1_800_000_000_000;
    ingestor = new EventIngestor(store, { now: () => clock++ });
  });
  afterEach(async () => opened.dispose());

  it('claims, locks and writes more rows than one SQL chunk holds, in one transaction, in decided order', async () => {
    // Driven through the port directly: one call carries 5,000 events and 2,800 positions, over
    // two chunks of limits.sqlRowsPerStatementMax rows each, whatever the writer's grouping.
    const skus = Array.from({ length: 700 }, (_, i) => `SKU-${String(i).padStart(4, '0')}`);
    const nodes = ['N1', 'N2', 'N3', 'N4'];
    const total = 5_000;
    expect(total).toBeGreaterThan(2 * limits.sqlRowsPerStatementMax);
    const lines = Array.from({ length: total }, (_, n) => ({
      sku: skus[n % skus.length] as string,
      node: nodes[Math.floor(n / skus.length) % nodes.length] as string,
      qty: 1 + (n % 3),
    }));
    const records: EventRecord[] = lines.map((l, n) => ({
      source: 'test/wms',
      id: `e-${n}`,
      type: 'wms.receipt',
      occurredAtMs: 1_800_000_000_000,
      body: JSON.stringify({ n, ...l }),
    }));
    const keys = [...new Map(lines.map((l) => [`${l.sku}@${l.node}`, { sku: l.sku, node: l.node }])).values()];
    const needs = { positions: keys, inboundDocuments: [], transferLines: [], sellableMovedAfter: [] };
    const claimedSeqs = await store.ingestTransaction(async (tx) => {
      const claimed = await tx.claimEvents(records, 1_800_000_000_001);
      const facts = await tx.loadFacts(needs);
      // New positions read as zero (the rows were just created to be locked), as absent ones do on SQLite.
      expect([...facts.positions.values()].filter((p) => p.available !== 0 || p.lastCountedAtMs !== null)).toEqual([]);
      const decided = records.map((r, n) => {
        const l = lines[n] as (typeof lines)[number];
        const m = movement(asSku(l.sku), account('supplier'), at(asNodeId(l.node), 'available'), l.qty, 'receipt', r.occurredAtMs);
        return { eventSeq: claimed.get(eventKey(r.source, r.id)) as number, change: { ...emptyChange(), movements: [m] } };
      });
      await tx.writeChanges(decided, 1_800_000_000_001);
      return records.map((r) => claimed.get(eventKey(r.source, r.id)));
    });
    expect(new Set(claimedSeqs).size).toBe(total);
    expect(claimedSeqs.every((seq) => typeof seq === 'number')).toBe(true);
    // A second transaction sees every claim as a duplicate and every position, locked.
    await store.ingestTransaction(async (tx) => {
      expect((await tx.claimEvents(records, 1_800_000_000_002)).size).toBe(0);
      expect((await tx.loadFacts(needs)).positions.size).toBe(keys.length);
    });
    const positions = (await Promise.all(skus.map((sku) => store.ledger.positionsOfSku(sku)))).flat();
    expect(positions).toHaveLength(keys.length);
    expect(positions.reduce((sum, p) => sum + p.available, 0)).toBe(lines.reduce((sum, l) => sum + l.qty, 0));
    // Journal order follows the decided order across chunk boundaries.
    const journal: number[] = [];
    for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
      const page = await store.ledger.movements({}, { cursor, limit: 1_000 });
      journal.push(...page.items.map((m) => m.eventSeq));
      cursor = page.nextCursor;
    }
    expect(journal).toEqual(claimedSeqs);
    expect(await store.ledger.verifyProjection()).toEqual([]);
  });

  it('leaves no position row behind for a position only a rejected event touched, as SQLite does', async () => {
    await seedMasterData(store, ['SKU-1'], ['S1', 'S2']);
    await ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 4 })], admin);
    const [verdict] = await ingestor.ingest([cloudEvent('transfer.received', { sku: 'SKU-1', node: 'S2', qty: 1, transferId: 'T-none' })], admin);
    expect(verdict).toMatchObject({ status: 'rejected' });
    expect((await store.ledger.positionsOfSku('SKU-1')).map((p) => [p.node, p.available])).toEqual([['S1', 4]]);
    expect((await store.deadLetters.list({ status: 'pending' }, { cursor: null, limit: 10 })).items).toHaveLength(1);
  });

  it('dead-letters events whose identity PostgreSQL cannot store, without failing the rest of the batch', async () => {
    await seedMasterData(store, ['SKU-1'], ['S1']);
    const good = cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 2 });
    const verdicts = await ingestor.ingest(
      [
        cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }, { id: 'nul\u0000id' }),
        cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }, { source: 'pos\u0000' }),
        cloudEvent('no.such\u0000type', {}),
        good,
      ],
      admin,
    );
    expect(verdicts.map((v) => (v.status === 'rejected' ? v.error.field : v.status))).toEqual(['id', 'source', 'type', 'accepted']);
    const letters = (await store.deadLetters.list({ status: 'pending' }, { cursor: null, limit: 10 })).items;
    expect(letters.map((l) => l.eventId)).toEqual(['nul\uFFFDid', expect.any(String), expect.any(String)]);
    expect(JSON.parse(letters[0]?.body ?? 'null')).toMatchObject({ id: 'nul\u0000id' });
    expect((await store.ledger.positionsOfSku('SKU-1')).map((p) => p.available)).toEqual([2]);
  });
});
