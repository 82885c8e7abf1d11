// Ledger invariants on every store backend (ARCHITECTURE §1, issue 2 "Guarantees"): random batches
// of realistic, late, invalid and repeated events go through EventIngestor into a fresh store;
// after every batch the verdicts and positions must equal a simple test-side auditor
// (test/support/ledger-auditor.ts), and after every run conservation, replay, idempotency and
// the dead-letter count are checked against the store itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventIngestor, type Verdict } from '../../../src/app/ingest-events.ts';
import type { Store } from '../../../src/ports/store.ts';
import { batchedEventsArb, type GeneratedEvent, NODES, SKUS } from '../../support/event-arbitraries.ts';
import { seedMasterData } from '../../support/fixtures.ts';
import { type AuditVerdict, LedgerAuditor } from '../../support/ledger-auditor.ts';
import { readableRecord, replayedLedger, storedCountTimes, storedPositions } from '../../support/ledger-snapshot.ts';
import { STORE_BACKENDS } from '../../support/stores.ts';

const admin = { allowedSource: null };
/** Runs per property; each opens fresh stores, which costs ~0.5 s on PostgreSQL (create and drop a database). */
const numRunsOf = (backend: string): number => Number(process.env.OMNISTOCK_PROPERTY_RUNS ?? (backend === 'postgres' ? 30 : 50));

/** A verdict reduced to what the auditor predicts: status, and for a rejection its code and field. */
const judged = (v: Verdict): AuditVerdict =>
  v.status === 'rejected' ? { status: 'rejected', error: { code: v.error.code, field: v.error.field ?? '' } } : { status: v.status };

async function expectStoreMatchesAuditor(store: Store, auditor: LedgerAuditor): Promise<void> {
  expect(await storedPositions(store)).toEqual(readableRecord(auditor.positions()));
  expect(await storedCountTimes(store)).toEqual(
    Object.fromEntries(
      SKUS.flatMap((s) => NODES.flatMap((n) => (auditor.lastCountedAtMs(s, n) === null ? [] : [[`${s}@${n}`, auditor.lastCountedAtMs(s, n)]]))),
    ),
  );
}

/** (a) conservation, (b) replay in SQL, (e) replay of the streamed movements, plus counts and dead letters. */
async function expectLedgerConsistent(store: Store, auditor: LedgerAuditor): Promise<void> {
  expect(await store.ledger.conservationViolations()).toEqual([]);
  expect(await store.ledger.verifyProjection()).toEqual([]);
  const replayed = await replayedLedger(store);
  expect(replayed.positions).toEqual(await storedPositions(store));
  expect(replayed.accounts).toEqual(readableRecord(auditor.accounts()));
  for (const [sku, sum] of replayed.conservation) expect({ sku, sum }).toEqual({ sku, sum: 0 });
  for (const sku of SKUS) {
    for (const node of NODES) expect(await store.ledger.countRecords(sku, node)).toEqual(auditor.counts(sku, node));
  }
  const letters = await store.deadLetters.list({ status: 'pending' }, { cursor: null, limit: 1_000 });
  expect(letters.items).toHaveLength(auditor.deadLetters);
}

/** (d) Re-posting every accepted event is all duplicates and every statically invalid one is rejected again; nothing moves. */
async function expectRepeatsChangeNothing(store: Store, ingestor: EventIngestor, accepted: GeneratedEvent[], invalid: GeneratedEvent[]): Promise<void> {
  const before = { positions: await storedPositions(store), movements: await store.ledger.countMovements() };
  const again = await ingestor.ingest(
    [...accepted, ...invalid].map((e) => e.raw),
    admin,
  );
  expect(again.map(judged)).toEqual([
    ...accepted.map(() => ({ status: 'duplicate' })),
    ...invalid.map((e) => ({ status: 'rejected', error: e.expectedError })),
  ]);
  expect(await storedPositions(store)).toEqual(before.positions);
  expect(await store.ledger.countMovements()).toBe(before.movements);
}

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`ledger invariants on ${backend.name}`, () => {
    it('keeps conservation, replay, idempotency and the auditor’s positions under random event batches', async () => {
      await fc.assert(
        fc.asyncProperty(batchedEventsArb({ maxLength: 40, batchSizeMax: 8 }), async (batches) => {
          const opened = await backend.open();
          try {
            const { store } = opened;
            await seedMasterData(store, [...SKUS], [...NODES]);
            let clock = 1_900_000_000_000;
            const ingestor = new EventIngestor(store, { now: () => clock++ });
            const auditor = new LedgerAuditor();
            const accepted = new Map<string, GeneratedEvent>();
            for (const batch of batches) {
              const verdicts = await ingestor.ingest(
                batch.map((e) => e.raw),
                admin,
              );
              const predicted = auditor.applyFlush(batch);
              expect(verdicts.map(judged)).toEqual(predicted);
              expect(verdicts.map((v) => v.id)).toEqual(batch.map((e) => (e.key === null ? idOf(e.raw) : (e.key.split('\u0000')[1] ?? null))));
              batch.forEach((e, i) => {
                if (predicted[i]?.status === 'accepted' && e.key !== null) accepted.set(e.key, e);
              });
              await expectStoreMatchesAuditor(store, auditor);
              expect(await store.ledger.conservationViolations()).toEqual([]);
            }
            await expectLedgerConsistent(store, auditor);
            const invalid = batches.flat().filter((e) => e.expectedError !== null);
            await expectRepeatsChangeNothing(store, ingestor, [...accepted.values()], invalid);
            auditor.deadLetters += invalid.length; // each re-posted invalid event is dead-lettered again
            await expectLedgerConsistent(store, auditor);
          } finally {
            await opened.dispose();
          }
        }),
        { numRuns: numRunsOf(backend.name) },
      );
    });

    it('applies a count whose variance exceeds qtyMax without failing the group commit it shares (regression)', async () => {
      const opened = await backend.open();
      try {
        const { store } = opened;
        await seedMasterData(store, ['SKU-A'], ['N1']);
        const ingestor = new EventIngestor(store, { now: () => 1_900_000_000_000 });
        const event = (id: string, type: string, data: Record<string, unknown>, time: string) => ({
          specversion: '1.0',
          id,
          source: 'test/wms',
          type,
          time,
          data,
        });
        await ingestor.ingest([event('s', 'pos.sale', { sku: 'SKU-A', node: 'N1', qty: 1_000_000_000 }, '2026-11-01T08:00:00Z')], admin);
        const verdicts = await ingestor.ingest(
          [
            event('r', 'pos.return', { sku: 'SKU-A', node: 'N1', qty: 1 }, '2026-11-01T08:30:00Z'),
            event('c', 'wms.cycle_count', { sku: 'SKU-A', node: 'N1', countedQty: 5 }, '2026-11-01T09:00:00Z'),
          ],
          admin,
        );
        expect(verdicts.map((v) => v.status)).toEqual(['accepted', 'accepted']);
        expect(await storedPositions(store)).toEqual({ 'SKU-A@N1': expect.objectContaining({ available: 5, quarantine: 1 }) });
        expect(await store.ledger.countRecords('SKU-A', 'N1')).toEqual([expect.objectContaining({ expectedQty: -1_000_000_000, variance: 1_000_000_005 })]);
        expect(await store.ledger.verifyProjection()).toEqual([]);
        expect(await store.ledger.conservationViolations()).toEqual([]);
      } finally {
        await opened.dispose();
      }
    });
  });
}

function idOf(raw: unknown): string | null {
  return typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
}
