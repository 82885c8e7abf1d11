// The replenishment shell on every store backend, end to end through the real ledger runtime:
// demand comes from ingested sales (the projection after-step), the run decides with the pure core
// and stores proposals, ERP requests and cases. Levels and quantities are checked against figures
// worked by hand in the comments; re-runs and ERP confirmations against the stored rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backfillDemand } from '../../../src/app/backfill-demand.ts';
import type { Policy } from '../../../src/core/policy/policy-schema.ts';
import type { ReplenishmentUseCases } from '../../../src/http/routes/replenishment.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../../src/main/ledger-runtime.ts';
import { createReplenishment } from '../../../src/main/replenishment-runtime.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';
import { at, DAY_MS, DAY0_MS, replenishmentPolicy, seedNetwork } from './replenishment-support.ts';

const admin = { allowedSource: null };
const page = { cursor: null, limit: 1_000 };

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`replenishment run on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    let runtime: LedgerRuntime;
    let replenishment: ReplenishmentUseCases;
    let policy: Policy;
    // Day 3 of the simulation, 20:00 UTC: days 0–2 are complete history.
    let now = DAY0_MS + 3 * DAY_MS + 20 * 3_600_000;
    const clock = { now: () => now };

    beforeEach(async () => {
      now = DAY0_MS + 3 * DAY_MS + 20 * 3_600_000;
      opened = await backend.open();
      store = opened.store;
      policy = replenishmentPolicy();
      const policies = { current: () => policy, version: () => 1 };
      runtime = createLedgerRuntime(store, clock, policies);
      replenishment = createReplenishment(store, runtime.writer, clock, policies);
      await seedNetwork(store, ['SKU-1', 'SKU-2'], { DC1: 'dc', S1: 'store' });
    });
    afterEach(async () => opened.dispose());

    const post = async (type: string, data: Record<string, unknown>, time: string) => {
      const [verdict] = await runtime.ingestor.ingest([cloudEvent(type, data, { time })], admin);
      expect(verdict).toMatchObject({ status: 'accepted' });
    };
    const proposals = async () => (await store.replenishment.listProposals({}, page)).items;

    /** SKU-1 at DC1 (supplier lane) and SKU-2 at S1 (DC lane), each selling 8 then 12 units on days 1 and 2. */
    async function seedHistory(): Promise<void> {
      await post('wms.receipt', { sku: 'SKU-1', node: 'DC1', qty: 70 }, at(0));
      await post('wms.receipt', { sku: 'SKU-2', node: 'S1', qty: 40 }, at(0));
      await post('wms.receipt', { sku: 'SKU-2', node: 'DC1', qty: 1_000 }, at(0));
      for (const sku of ['SKU-1', 'SKU-2']) {
        const node = sku === 'SKU-1' ? 'DC1' : 'S1';
        await post('pos.sale', { sku, node, qty: 8 }, at(1));
        await post('pos.sale', { sku, node, qty: 12 }, at(2));
      }
    }

    it('projects daily demand in the ledger transaction, and the backfill rebuilds the same series', async () => {
      await seedHistory();
      await post('pos.return', { sku: 'SKU-1', node: 'DC1', qty: 3 }, at(2, 11));
      const snapshot = await store.replenishment.snapshot(['SKU-1']);
      const firstDay = Math.floor(DAY0_MS / DAY_MS) + 1;
      // Returns are not demand: day 2 stays at 12.
      expect(snapshot.demand).toEqual([{ sku: 'SKU-1', node: 'DC1', firstDay, units: [8, 12] }]);
      expect(await backfillDemand(store, runtime.writer)).toBe(2);
      expect((await store.replenishment.snapshot(['SKU-1'])).demand).toEqual(snapshot.demand);
    });

    it('orders what hand-worked safety stock, reorder point and order-up-to give: a PO in cases, a transfer from the DC', async () => {
      await seedHistory();
      const summary = await replenishment.run.run();
      // History 8, 12 → simple smoothing, α = 0.5: level 10, one-step error 4 → d = 10/day, σd = 4; z(0.95) = 1.6449.
      // SKU-1 at DC1, supplier lane L = 4, σL = 1, R = 7:
      //   SS = 1.6449·√(4·16 + 100·1) = 1.6449·12.8062 = 21.064; ROP = 40 + 21.064 = 61.064; OUT = 110 + 21.064 = 131.064.
      //   Position 70 − 20 = 50 ≤ ROP: need 81.064 → MOQ 24, case 12 → ⌈81.064/12⌉ = 7 cases = 84 units, value 420.
      // SKU-2 at S1, DC lane L = 2, σL = 0.5:
      //   SS = 1.6449·√(2·16 + 100·0.25) = 1.6449·7.5498 = 12.419; ROP = 32.419; OUT = 102.419.
      //   Position 40 − 20 = 20: need 82.419 → 83 units by transfer from DC1 (no demand there: ROP 0, surplus 1,000), value 415.
      expect(summary).toMatchObject({
        positions: 3,
        proposals: { created: 2, transfers: 1, purchaseOrders: 1, approvedAutomatically: 2, awaitingApproval: 0, value: 835 },
      });
      const [po, transfer] = [...(await proposals())].sort((a, b) => a.sku.localeCompare(b.sku));
      expect(po).toMatchObject({
        sku: 'SKU-1',
        node: 'DC1',
        kind: 'purchase_order',
        supplier: 'ACME',
        qty: 84,
        value: 420,
        status: 'approved',
        decidedBy: 'system',
      });
      expect(po?.trace.levels.safetyStock).toBeCloseTo(21.064, 2);
      expect(po?.trace.levels.reorderPoint).toBeCloseTo(61.064, 2);
      expect(po?.trace.levels.orderUpTo).toBeCloseTo(131.064, 2);
      expect(po?.trace.basis.position).toBe(50);
      expect(po?.expectedAtMs).toBe(now + 4 * DAY_MS);
      expect(transfer).toMatchObject({ sku: 'SKU-2', node: 'S1', kind: 'transfer', fromNode: 'DC1', qty: 83, value: 415, status: 'approved' });
      expect(transfer?.trace.levels.safetyStock).toBeCloseTo(12.419, 2);
      expect(transfer?.trace.levels.orderUpTo).toBeCloseTo(102.419, 2);
      const documents = (await store.erpDocuments.list({}, page)).items.filter((d) => d.type === 'PurchaseOrderRequest' || d.type === 'TransferRequest');
      expect(documents.map((d) => [d.type, d.document.details, d.document.lines])).toEqual([
        [
          'PurchaseOrderRequest',
          { proposalId: po?.id, supplier: 'ACME', expectedAtMs: now + 4 * DAY_MS },
          [{ sku: 'SKU-1', node: 'DC1', qty: 84, unitCost: 5, value: 420 }],
        ],
        [
          'TransferRequest',
          { proposalId: transfer?.id, fromNode: 'DC1', toNode: 'S1', expectedAtMs: now + 2 * DAY_MS },
          [{ sku: 'SKU-2', node: 'S1', qty: 83, unitCost: 5, value: 415 }],
        ],
      ]);
    });

    it('creates nothing new when the same day is run again, and counts an ERP-confirmed proposal once, as inbound', async () => {
      await seedHistory();
      await replenishment.run.run();
      const before = await proposals();
      const again = await replenishment.run.run();
      expect(again.proposals.created).toBe(0);
      expect(await proposals()).toEqual(before);
      // The ERP confirms the PO under the proposal id; the units become inbound, the proposal `ordered`.
      const po = before.find((p) => p.kind === 'purchase_order');
      await post('erp.po.created', { sku: 'SKU-1', node: 'DC1', qty: 84, reference: po?.id }, at(3, 15));
      expect(await store.replenishment.proposal(po?.id ?? '')).toMatchObject({ status: 'ordered', orderReference: po?.id });
      // The next day (day 3 sold nothing: history 8, 12, 0, a jumpy forecast) DC1 orders again, and its
      // position counts the confirmed PO once, as inbound: 50 + 84 = 134, no pending proposal units.
      now += DAY_MS;
      expect((await replenishment.run.run({ sku: 'SKU-1' })).proposals.created).toBe(1);
      const next = (await proposals()).find((p) => p.sku === 'SKU-1' && p.id !== po?.id);
      expect(next?.trace.basis.position).toBe(134);
      expect(next?.trace.pendingProposalUnits).toBe(0);
    });

    it('defaults a missing expectedAt to the lane lead time', async () => {
      await post('supplier.asn', { sku: 'SKU-1', node: 'DC1', qty: 10, reference: 'ASN-1' }, at(1));
      await post('transfer.shipped', { sku: 'SKU-2', node: 'DC1', qty: 5, toNode: 'S1', transferId: 'T-1' }, at(1));
      await post('supplier.asn', { sku: 'SKU-1', node: 'DC1', qty: 10, reference: 'ASN-2', expectedAt: at(9) }, at(1));
      const inbound = (await store.replenishment.snapshot(['SKU-1', 'SKU-2'])).openInbound;
      const expected = (reference: string) => inbound.find((r) => r.reference === reference)?.expectedAtMs;
      expect(expected('ASN-1')).toBe(Date.parse(at(1)) + 4 * DAY_MS);
      expect(expected('T-1')).toBe(Date.parse(at(1)) + 2 * DAY_MS);
      expect(expected('ASN-2')).toBe(Date.parse(at(9)));
    });

    it('filters a run by sku and node', async () => {
      await seedHistory();
      const summary = await replenishment.run.run({ sku: 'SKU-2', node: 'S1' });
      expect(summary).toMatchObject({ positions: 1, proposals: { created: 1, transfers: 1 } });
    });
  });
}
