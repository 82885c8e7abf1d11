// Goal: the replenishment decision proposes a DC transfer first and a purchase order for the rest,
// rounds and caps quantities, flags approval by value, and never reorders what late inbound
// already covers. Method: the d = 20 textbook levels (ROP 116.78, OUT 256.78) and hand-made positions.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { type BucketQuantities, ZERO_QUANTITIES } from '../ledger/position.ts';
import { type DonorDc, decideReplenishment, type ReplenishmentInput } from './decide-replenishment.ts';
import { delayedReceiptKey } from './open-inbound.ts';
import { reorderLevels } from './reorder-levels.ts';
import { replenishmentParams, replenishmentPolicyOf } from './replenishment-params.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 10, 20);
const sku = asSku('TENT-1');
const store = asNodeId('STORE-1');
const levels = reorderLevels({ demandPerDay: 20, demandStdDevPerDay: 5, leadTimeDays: 4, leadTimeStdDevDays: 1, reviewPeriodDays: 7, serviceLevel: 0.95 });
const params = { ...replenishmentParams(replenishmentPolicyOf(null), 'TENT-1', 'tents', 'store'), moqUnits: 24, casePackUnits: 12, supplier: 'ACME' };
const q = (x: Partial<BucketQuantities>): BucketQuantities => ({ ...ZERO_QUANTITIES, ...x });
const dc = (node: string, available: number, reorderPoint: number): DonorDc => ({
  node: asNodeId(node),
  quantities: q({ available }),
  backorderUnits: 0,
  reorderPoint,
});

const input = (over: Partial<ReplenishmentInput>): ReplenishmentInput => ({
  sku,
  node: store,
  // position = 60 + 10 + 5 + 30 − 5 = 100 ≤ ROP 116.78; need = 256.78 − 100 = 156.78
  quantities: q({ available: 60, reserved: 10, allocated: 5, inbound: 30 }),
  backorderUnits: 5,
  levels,
  params,
  unitCost: 10,
  openInbound: [],
  donors: [],
  openCaseKeys: new Set(),
  policy: { approvalValueAbove: 800, delayedReceiptGraceHours: 24 },
  nowMs: NOW,
  ...over,
});

describe('decideReplenishment', () => {
  it('orders nothing above the reorder point', () => {
    const d = decideReplenishment(input({ quantities: q({ available: 117 }), backorderUnits: 0 }));
    expect(d.position).toBe(117);
    expect(d.proposals).toEqual([]);
    expect(d.heldByLateInbound).toBe(false);
  });

  it('transfers the whole need from the DC with the most surplus over its own reorder point', () => {
    // DC-B can give min(available 500, 500 − 200) = 300 ≥ ⌈156.78⌉ = 157; DC-A only 50.
    const d = decideReplenishment(input({ donors: [dc('DC-A', 250, 200), dc('DC-B', 500, 200)] }));
    expect(d.proposals).toHaveLength(1);
    expect(d.proposals[0]).toMatchObject({ kind: 'transfer', fromNode: 'DC-B', supplier: null, qty: 157, value: 1570, approvalRequired: true });
    expect(d.proposals[0]?.expectedAtMs).toBe(NOW + 2 * DAY);
    expect(d.proposals[0]?.basis).toEqual({ position: 100, reorderPoint: levels.reorderPoint, orderUpTo: levels.orderUpTo });
  });

  it('transfers what the DC can spare and buys the rest in whole cases', () => {
    // DC gives 100 (its position 500 − ROP 400); rest 56.78 → 57 → 5 cases of 12 = 60, value 600 ≤ 800.
    const d = decideReplenishment(input({ donors: [dc('DC-A', 500, 400)] }));
    expect(d.proposals.map((p) => [p.kind, p.qty, p.value, p.approvalRequired])).toEqual([
      ['transfer', 100, 1000, true],
      ['purchase_order', 60, 600, false],
    ]);
    expect(d.proposals[1]).toMatchObject({ supplier: 'ACME', fromNode: null, expectedAtMs: NOW + 7 * DAY });
  });

  it('buys from the supplier when no DC is above its reorder point', () => {
    // 156.78 → 157 → 14 cases = 168. A DC at 399.6 over ROP 399.6 spares nothing; the node itself is never a donor.
    const d = decideReplenishment(input({ donors: [dc('DC-A', 400, 399.6), { ...dc('STORE-1', 9999, 0) }] }));
    expect(d.proposals.map((p) => [p.kind, p.qty])).toEqual([['purchase_order', 168]]);
  });

  it('caps the order at max stock', () => {
    // room = 220 − 100 = 120 → 10 cases.
    const d = decideReplenishment(input({ params: { ...params, maxStockUnits: 220 } }));
    expect(d.proposals.map((p) => p.qty)).toEqual([120]);
    expect(d.limitedBy).toBe('max_stock');
  });

  describe('late inbound', () => {
    // The same store with 100 available and a 30-unit transfer expected 3 days ago: position 130 > ROP,
    // but 100 without the transfer ≤ ROP — a system that dropped late inbound would order again.
    const late = input({
      quantities: q({ available: 100, inbound: 30 }),
      backorderUnits: 0,
      openInbound: [{ kind: 'transfer', reference: 'T-1', outstandingUnits: 30, placedAtMs: NOW - 5 * DAY, expectedAtMs: NOW - 3 * DAY }],
      donors: [dc('DC-A', 500, 100)],
    });

    it('still counts in the position: no second order, one delayed_receipt signal instead', () => {
      const d = decideReplenishment(late);
      expect(d.position).toBe(130);
      expect(d.proposals).toEqual([]);
      expect(d.heldByLateInbound).toBe(true);
      expect(d.delayedReceipts).toEqual([
        {
          kind: 'delayed_receipt',
          sku,
          node: store,
          inboundKind: 'transfer',
          reference: 'T-1',
          outstandingUnits: 30,
          expectedAtMs: NOW - 3 * DAY,
          graceMs: DAY,
          lateByMs: 2 * DAY,
          dedupeKey: 'delayed_receipt:STORE-1:TENT-1:T-1',
        },
      ]);
    });

    it('is not signalled again while its case is open', () => {
      const d = decideReplenishment({ ...late, openCaseKeys: new Set([delayedReceiptKey(sku, store, 'T-1')]) });
      expect(d.delayedReceipts).toEqual([]);
      expect(d.proposals).toEqual([]);
    });

    it('is not late within the grace, and takes the lane lead time when expectedAt is missing', () => {
      // Placed 2.5 days ago without expectedAt: expected 0.5 day ago (DC lane 2 days), grace 1 day → on time.
      const onTime = decideReplenishment({
        ...late,
        openInbound: [{ kind: 'transfer', reference: 'T-2', outstandingUnits: 30, placedAtMs: NOW - 2.5 * DAY, expectedAtMs: null }],
      });
      expect(onTime.delayedReceipts).toEqual([]);
      expect(onTime.heldByLateInbound).toBe(false);
      // A purchase order placed 9 days ago (supplier lane 7 days + 1 day grace) is late by 1 day.
      const po = decideReplenishment({
        ...late,
        openInbound: [{ kind: 'purchase_order', reference: 'PO-9', outstandingUnits: 30, placedAtMs: NOW - 9 * DAY, expectedAtMs: null }],
      });
      expect(po.delayedReceipts.map((s) => [s.reference, s.expectedAtMs, s.lateByMs])).toEqual([['PO-9', NOW - 2 * DAY, DAY]]);
    });
  });
});
