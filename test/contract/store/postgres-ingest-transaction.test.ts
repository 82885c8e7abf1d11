// The batch-oriented PostgreSQL ingestion path at its edges: a group commit larger than one SQL
// chunk (limits.sqlRowsPerStatementMax), position rows created for locking but left unused, and
// text PostgreSQL cannot store (NUL), which must be refused per event, never fail the batch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventIngestor } from '../../../src/app/ingest-events.ts';
import { limits } from '../../../src/core/limits.ts';
import type { Store } from '../../../src/ports/store.ts';
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

  it('writes a group commit of several SQL chunks in full, with movements in decided order', async () => {
    const skus = Array.from({ length: 700 }, (_, i) => `SKU-${String(i).padStart(4, '0')}`);
    const nodes = ['N1', 'N2', 'N3', 'N4'];
    await seedMasterData(store, skus, nodes);
    const flushSizes: number[] = [];
    const claimOrder: string[] = [];
    // While `held` is pending, the spied store's transactions wait to start, so requests queue up.
    let held: Promise<void> = Promise.resolve();
    const spied: Store = {
      ...store,
      ingestTransaction: async (work) =>
        held.then(() =>
          store.ingestTransaction((tx) =>
            work({
              claimEvents: (events, at) => {
                flushSizes.push(events.length);
                claimOrder.push(...events.map((e) => e.id));
                return tx.claimEvents(events, at);
              },
              releaseClaims: (seqs) => tx.releaseClaims(seqs),
              loadFacts: (needs) => tx.loadFacts(needs),
              writeChanges: (decided, at) => tx.writeChanges(decided, at),
              writeDeadLetters: (letters, at) => tx.writeDeadLetters(letters, at),
              markDeadLetterReplayed: (id, at) => tx.markDeadLetterReplayed(id, at),
            }),
          ),
        ),
    };
    const spiedIngestor = new EventIngestor(spied, { now: () => 1_800_000_000_000 });
    const receipt = (n: number) =>
      cloudEvent('wms.receipt', { sku: skus[n % skus.length], node: nodes[Math.floor(n / skus.length) % nodes.length], qty: 1 + (n % 3) });
    // The warm-up makes every SKU and node known to the ingestor. Then, while the transaction of
    // `first` is held back, five requests queue up and share the next flush: 5,000 claims and
    // 2,800 positions, several SQL chunks each.
    const warmUp = skus.map((_, n) => receipt(n));
    await spiedIngestor.ingest(warmUp, admin);
    let release = () => {};
    held = new Promise((resolve) => {
      release = resolve;
    });
    const first = [receipt(skus.length)];
    const firstDone = spiedIngestor.ingest(first, admin);
    await new Promise((resolve) => setTimeout(resolve, 50)); // its flush has begun and waits on `held`
    const requests = Array.from({ length: 5 }, (_, r) => Array.from({ length: 1_000 }, (_, i) => receipt(skus.length + 1 + r * 1_000 + i)));
    const pending = Promise.all(requests.map((events) => spiedIngestor.ingest(events, admin)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await firstDone;
    const verdicts = (await pending).flat();
    expect(flushSizes).toEqual([warmUp.length, 1, 5_000]);
    expect(5_000).toBeGreaterThan(2 * limits.sqlRowsPerStatementMax);
    const all = [...warmUp, ...first, ...requests.flat()];
    expect(verdicts.filter((v) => v.status === 'accepted')).toHaveLength(5_000);
    expect(await store.ledger.countMovements()).toBe(all.length);
    const positions = (await Promise.all(skus.map((sku) => store.ledger.positionsOfSku(sku)))).flat();
    expect(positions).toHaveLength(skus.length * nodes.length);
    expect(positions.reduce((sum, p) => sum + p.available, 0)).toBe(all.reduce((sum, e) => sum + (e.data.qty as number), 0));
    // Journal order follows the order events were decided in (the flush order), across chunks.
    const journal = [];
    for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
      const page = await store.ledger.movements({}, { cursor, limit: 1_000 });
      journal.push(...page.items.map((m) => m.eventId));
      cursor = page.nextCursor;
    }
    expect(journal).toEqual(claimOrder);
    expect([...journal].sort()).toEqual(all.map((e) => e.id).sort());
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
