// Concurrent ingestion on every store backend: random batches posted through concurrent `ingest`
// calls (Promise.all) must end in the same positions as posting the same group commits one after
// another in commit order (on a second store, and in the test-side auditor), with every unique
// event applied once. The commit order is observed by a spy on the store port's claimEvents.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventIngestor, type Verdict } from '../../../src/app/ingest-events.ts';
import type { EventRecord, IngestTransaction, Store } from '../../../src/ports/store.ts';
import { batchedEventsArb, type GeneratedEvent, NODES, SKUS } from '../../support/event-arbitraries.ts';
import { seedMasterData } from '../../support/fixtures.ts';
import { LedgerAuditor } from '../../support/ledger-auditor.ts';
import { readableRecord, storedPositions } from '../../support/ledger-snapshot.ts';
import { type OpenedStore, STORE_BACKENDS, type StoreBackend } from '../../support/stores.ts';

const admin = { allowedSource: null };
/** Runs per property; each opens fresh stores, which costs ~0.5 s on PostgreSQL (create and drop a database). */
const numRunsOf = (backend: string): number => Number(process.env.OMNISTOCK_PROPERTY_RUNS ?? (backend === 'postgres' ? 12 : 30));

/**
 * The store with claimEvents observed: each command's claimed events are recorded once its
 * transaction has committed, so `flushes` lists the commands of group commits in commit order (with several ingestors on
 * PostgreSQL, transactions that share a locked position can only commit one after the other).
 */
function spiedStore(store: Store, flushes: EventRecord[][]): Store {
  // Each request is one command of the group commit, with its own claim: a flush of the model.
  // Every other method is inherited from the real transaction (prototype delegation).
  const spy = (tx: IngestTransaction, claimed: EventRecord[][]): IngestTransaction =>
    Object.assign(Object.create(tx) as IngestTransaction, {
      claimEvents: (events: readonly EventRecord[], at: number) => {
        claimed.push([...events]);
        return tx.claimEvents(events, at);
      },
    });
  // Every repository is the real store's; only the transaction is observed.
  return {
    ...store,
    ingestTransaction: async (work) => {
      const claimed: EventRecord[][] = [];
      const result = await store.ingestTransaction((tx) => work(spy(tx, claimed)));
      flushes.push(...claimed);
      return result;
    },
  };
}

async function openSeeded(backend: StoreBackend): Promise<OpenedStore> {
  const opened = await backend.open();
  await seedMasterData(opened.store, [...SKUS], [...NODES]);
  return opened;
}

/** Statuses per idempotency key, sorted, so verdicts compare without knowing which call won. */
function statusesByKey(events: readonly GeneratedEvent[], statuses: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  events.forEach((e, i) => {
    if (e.key === null || e.draft === null) return;
    const key = e.key.replace('\u0000', '/');
    out[key] = [...(out[key] ?? []), statuses[i] ?? '?'].sort();
  });
  return out;
}

/** Each accepted event's movements all point to one journal entry: nothing applied twice. */
async function expectOneJournalEntryPerEvent(store: Store): Promise<void> {
  const seqs = new Map<string, Set<number>>();
  for (let cursor: string | null = null; ; ) {
    const page = await store.ledger.movements({}, { cursor, limit: 1_000 });
    for (const m of page.items) seqs.set(`${m.eventSource}/${m.eventId}`, (seqs.get(`${m.eventSource}/${m.eventId}`) ?? new Set()).add(m.eventSeq));
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  for (const [key, s] of seqs) expect({ key, journalEntries: s.size }).toEqual({ key, journalEntries: 1 });
}

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`concurrent ingestion on ${backend.name}`, () => {
    for (const ingestors of [1, 2])
      it(`ends where sequential group commits in commit order end, applying each event once (${ingestors} ingestor${ingestors > 1 ? 's, as two API processes' : ''})`, async () => {
        await fc.assert(
          fc.asyncProperty(batchedEventsArb({ maxLength: 40, batchSizeMax: 6 }), fc.array(fc.nat({ max: 4 }), { minLength: 1 }), async (batches, delays) => {
            const concurrent = await openSeeded(backend);
            // The literal sequential re-post on a second store runs for one ingestor; with two, the auditor alone judges (store opens are the cost).
            const sequential = ingestors === 1 ? await openSeeded(backend) : null;
            try {
              const flushes: EventRecord[][] = [];
              let clock = 1_900_000_000_000;
              const spied = spiedStore(concurrent.store, flushes);
              const pool = Array.from({ length: ingestors }, () => new EventIngestor(spied, { now: () => clock++ }));
              // Random start delays spread the calls over several group commits, in an order unlike the call order.
              const post = async (batch: GeneratedEvent[], i: number) => {
                for (let tick = delays[i % delays.length] ?? 0; tick > 0; tick--) await new Promise((r) => setImmediate(r));
                return (pool[i % pool.length] as EventIngestor).ingest(
                  batch.map((e) => e.raw),
                  admin,
                );
              };
              const verdicts: Verdict[] = (await Promise.all(batches.map(post))).flat();
              const all = batches.flat();

              // Statically invalid events are rejected whatever the interleaving.
              all.forEach((e, i) => {
                if (e.expectedError) expect(verdicts[i]).toMatchObject({ status: 'rejected', error: e.expectedError });
              });
              // Every valid event went through exactly one claim, and the flushes replay it in commit order.
              const byKey = new Map(all.flatMap((e) => (e.key !== null && e.draft !== null ? [[e.key, e] as const] : [])));
              const committed = flushes.map((f) => f.map((r) => byKey.get(`${r.source}\u0000${r.id}`) as GeneratedEvent));
              expect(committed.flat().length).toBe(all.filter((e) => e.draft !== null).length);

              const auditor = new LedgerAuditor();
              const predicted = committed.flatMap((f) => auditor.applyFlush(f).map((v) => v.status));
              expect(
                statusesByKey(
                  all,
                  verdicts.map((v) => v.status),
                ),
              ).toEqual(statusesByKey(committed.flat(), predicted));
              expect(await storedPositions(concurrent.store)).toEqual(readableRecord(auditor.positions()));

              if (sequential) {
                const replayer = new EventIngestor(sequential.store, { now: () => clock++ });
                for (const flush of flushes)
                  await replayer.ingest(
                    flush.map((r) => JSON.parse(r.body)),
                    admin,
                  );
                expect(await storedPositions(concurrent.store)).toEqual(await storedPositions(sequential.store));
              }

              await expectOneJournalEntryPerEvent(concurrent.store);
              expect(await concurrent.store.ledger.conservationViolations()).toEqual([]);
              expect(await concurrent.store.ledger.verifyProjection()).toEqual([]);
            } finally {
              await concurrent.dispose();
              await sequential?.dispose();
            }
          }),
          { numRuns: numRunsOf(backend.name) },
        );
      });

    it('lets only one of two processes ship a transfer id, when both ship it at once on lanes with no node in common', async () => {
      const opened = await openSeeded(backend);
      try {
        await seedMasterData(opened.store, [], ['N4']);
        let clock = 1_900_000_000_000;
        const [p1, p2] = [0, 1].map(() => new EventIngestor(opened.store, { now: () => clock++ })) as [EventIngestor, EventIngestor];
        const shipped = (id: string, transferId: string, node: string, toNode: string) => ({
          specversion: '1.0',
          id,
          source: 'test/wms',
          type: 'transfer.shipped',
          time: '2026-11-01T10:00:00Z',
          data: { sku: 'SKU-A', node, toNode, qty: 1, transferId },
        });
        for (let i = 0; i < 20; i++) {
          const [a, b] = await Promise.all([
            p1.ingest([shipped(`a${i}`, `T-${i}`, 'N1', 'N2')], admin),
            p2.ingest([shipped(`b${i}`, `T-${i}`, 'N3', 'N4')], admin),
          ]);
          expect([a[0]?.status, b[0]?.status].sort()).toEqual(['accepted', 'rejected']);
        }
        const positions = await opened.store.ledger.positionsOfSku('SKU-A');
        const total = (bucket: 'available' | 'inbound') => positions.reduce((sum, p) => sum + p[bucket], 0);
        expect({ available: total('available'), inbound: total('inbound') }).toEqual({ available: -20, inbound: 20 });
      } finally {
        await opened.dispose();
      }
    });
  });
}
