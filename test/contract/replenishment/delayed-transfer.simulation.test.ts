// The seed problem of issue 5 on every store backend: 60 simulated days of a store selling 10 units
// a day, replenished by transfers from a DC through the real runtime (sales ingested, daily run,
// the DC ships each approved transfer under its proposal id, receipts after the lead time). The
// first transfer arrives 3 days late: no second order while it is late, one delayed_receipt case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplenishmentRunSummary } from '../../../src/app/run-replenishment.ts';
import type { ReplenishmentUseCases } from '../../../src/http/routes/replenishment.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../../src/main/ledger-runtime.ts';
import { createReplenishment } from '../../../src/main/replenishment-runtime.ts';
import type { ProposalRecord } from '../../../src/ports/replenishment-store.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';
import { at, DAY_MS, DAY0_MS, replenishmentPolicy, seedNetwork } from './replenishment-support.ts';

const admin = { allowedSource: null };
const DAYS = 60;
const LATE_DAYS = 3;

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`60 days with a delayed transfer on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    let runtime: LedgerRuntime;
    let replenishment: ReplenishmentUseCases;
    let now = DAY0_MS;
    const clock = { now: () => now };
    const runs: { day: number; summary: ReplenishmentRunSummary }[] = [];
    const created: { day: number; proposal: ProposalRecord }[] = [];
    let late: { proposal: ProposalRecord; shippedDay: number; arrivalDay: number } | null = null;

    const post = async (type: string, data: Record<string, unknown>, time: string) => {
      const [verdict] = await runtime.ingestor.ingest([cloudEvent(type, data, { time })], admin);
      expect(verdict).toMatchObject({ status: 'accepted' });
    };

    beforeAll(async () => {
      opened = await backend.open();
      store = opened.store;
      // Review period 7 days: each transfer covers about 8 days of sales, longer than the delay, so any
      // order placed while the first transfer is late would be a duplicate.
      const policy = replenishmentPolicy();
      const policies = { current: () => policy, version: () => 1 };
      runtime = createLedgerRuntime(store, clock, policies);
      replenishment = createReplenishment(store, runtime.writer, clock, policies);
      await seedNetwork(store, ['SKU-1'], { DC1: 'dc', S1: 'store' });
      await post('wms.receipt', { sku: 'SKU-1', node: 'DC1', qty: 100_000 }, at(0, 6));
      await post('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 60 }, at(0, 6));
      const arrivals = new Map<number, { transferId: string; qty: number }[]>();
      const seen = new Set<string>();
      for (let day = 0; day < DAYS; day++) {
        now = DAY0_MS + day * DAY_MS + 20 * 3_600_000;
        for (const a of arrivals.get(day) ?? [])
          await post('transfer.received', { sku: 'SKU-1', node: 'S1', qty: a.qty, transferId: a.transferId }, at(day, 8));
        await post('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 10 }, at(day, 12));
        runs.push({ day, summary: await replenishment.run.run() });
        for (const p of (await store.replenishment.listProposals({}, { cursor: null, limit: 1_000 })).items) {
          if (seen.has(p.id)) continue;
          seen.add(p.id);
          created.push({ day, proposal: p });
          if (p.status !== 'approved' || p.kind !== 'transfer') continue;
          // The DC ships the approved transfer at once, without expectedAt (the default: 2 days' DC lead time).
          await post('transfer.shipped', { sku: 'SKU-1', node: 'DC1', qty: p.qty, toNode: 'S1', transferId: p.id }, at(day, 21));
          const arrivalDay = day + 2 + (late === null ? LATE_DAYS : 0);
          if (late === null) late = { proposal: p, shippedDay: day, arrivalDay };
          arrivals.set(arrivalDay, [...(arrivals.get(arrivalDay) ?? []), { transferId: p.id, qty: p.qty }]);
        }
      }
    }, 120_000);
    afterAll(async () => opened.dispose());

    it('places no order of any kind while the first transfer is late, and never a purchase order', () => {
      expect(late).not.toBeNull();
      if (late === null) return;
      const { shippedDay, arrivalDay } = late;
      expect(created.filter((c) => c.day > shippedDay && c.day < arrivalDay)).toEqual([]);
      expect(created.filter((c) => c.proposal.kind === 'purchase_order')).toEqual([]);
      // Without the late inbound in the position, the store would have ordered again on those days.
      expect(runs.filter((r) => r.day > shippedDay && r.day < arrivalDay && r.summary.heldByLateInbound > 0).length).toBeGreaterThan(0);
    });

    it('opens exactly one delayed_receipt case for the late transfer', async () => {
      const cases = (await store.cases.list({ type: 'delayed_receipt' }, { cursor: null, limit: 100 })).items;
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ dedupeKey: `delayed_receipt:S1:SKU-1:${late?.proposal.id}`, sku: 'SKU-1', node: 'S1', occurrences: 1 });
      expect(runs.reduce((n, r) => n + r.summary.delayedReceiptCases, 0)).toBe(1);
    });

    it('keeps replenishing after the late transfer arrives, every transfer confirmed and received once', async () => {
      expect(created.filter((c) => late !== null && c.day >= late.arrivalDay).length).toBeGreaterThan(2);
      const proposals = (await store.replenishment.listProposals({}, { cursor: null, limit: 1_000 })).items;
      expect(proposals.every((p) => p.status === 'ordered' && p.orderReference === p.id)).toBe(true);
      const transferRequests = (await store.erpDocuments.list({ type: 'TransferRequest' }, { cursor: null, limit: 1_000 })).items;
      expect(transferRequests).toHaveLength(proposals.length);
    });
  });
}
