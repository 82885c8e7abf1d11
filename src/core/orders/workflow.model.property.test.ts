// Goal: the reservation, fulfilment and short-pick transitions keep the ledger consistent under any
// sequence of operations. Method: fast-check drives random operations through the pure core,
// applies every movement effect to an in-memory ledger, and after each step checks it against a
// simpler model (an auditor): units are conserved, nothing goes below zero, `reserved` equals the
// active holds and `allocated` equals what open fulfilment orders still hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku, type Sku } from '../ids.ts';
import { isBucketSide, type Side } from '../ledger/buckets.ts';
import { sourcingPolicySchema } from '../policy/policy-schema.ts';
import { openReservation } from '../reservations/open-reservation.ts';
import type { Reservation } from '../reservations/reservation.ts';
import { transitionReservation } from '../reservations/transition-reservation.ts';
import { sourceOrder } from '../sourcing/source-order.ts';
import type { SourcingContext, SourcingRequest } from '../sourcing/sourcing-types.ts';
import { type FulfilmentOrder, transitionFulfilmentOrder } from './fulfilment-order.ts';
import { type ShortPick, transitionShortPick } from './short-pick.ts';
import type { WorkflowEffect } from './workflow-effect.ts';

const NODES = ['N1', 'N2', 'N3'];
const SKUS = ['A', 'B'];
const TTL_MS = 60_000;

type World = {
  ledger: Map<string, number>;
  reservations: Reservation[];
  fulfilmentOrders: FulfilmentOrder[];
  shortPicks: ShortPick[];
  nowMs: number;
  orders: number;
};

const sideKey = (sku: string, s: Side) => (isBucketSide(s) ? `${sku}|${s.node}|${s.bucket}` : `${sku}|@${s.account}`);
const qty = (w: World, sku: string, node: string, bucket: string) => w.ledger.get(`${sku}|${node}|${bucket}`) ?? 0;

function apply(w: World, effects: readonly WorkflowEffect[]): void {
  for (const e of effects) {
    if (e.kind === 'movement') {
      const m = e.movement;
      w.ledger.set(sideKey(m.sku, m.from), (w.ledger.get(sideKey(m.sku, m.from)) ?? 0) - m.qty);
      w.ledger.set(sideKey(m.sku, m.to), (w.ledger.get(sideKey(m.sku, m.to)) ?? 0) + m.qty);
    } else if (e.kind === 'create_fulfilment_order') w.fulfilmentOrders.push(e.fulfilmentOrder);
    else if (e.kind === 'start_short_pick') w.shortPicks.push(e.shortPick);
  }
}

function context(w: World): SourcingContext {
  return {
    nodes: NODES.map((n) => ({ nodeId: asNodeId(n), type: 'store' as const, latitude: 52, longitude: -1, capacityPerDay: 1000, fulfils: ['ship' as const] })),
    ats: SKUS.flatMap((sku) => NODES.map((n) => ({ sku: asSku(sku), node: asNodeId(n), ats: Math.max(0, qty(w, sku, n, 'available')) }))),
    fulfilmentOrdersToday: {},
    weights: sourcingPolicySchema.parse({}),
  };
}
const request = (lines: SourcingRequest['lines']): SourcingRequest => ({
  channel: { channelId: 'web', type: 'web', marginTier: 'high', nodes: NODES },
  method: 'ship',
  lines,
});

// Weighted so that most runs reach confirmations, picks, short picks and their resolution.
const opArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('reserve' as const), sku: fc.constantFrom(...SKUS), qty: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('confirm' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('release' as const, 'expire' as const), i: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('pick' as const, 'ship' as const, 'cancel' as const), i: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('short_pick' as const), i: fc.nat(), picked: fc.nat({ max: 5 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('resolve' as const), i: fc.nat(), auto: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 40_000 }) }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function step(w: World, o: Op): void {
  const pick = <T>(xs: T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
  switch (o.op) {
    case 'reserve': {
      const d = sourceOrder(request([{ sku: asSku(o.sku), qty: o.qty }]), context(w));
      const r = openReservation({ id: `R${w.reservations.length}`, channelId: 'web', orderRef: 'x', ttlSeconds: TTL_MS / 1000 }, d, null, w.nowMs);
      if (r.ok) {
        apply(w, r.value.effects);
        w.reservations.push(r.value.state);
      } else expect(d.shortLines.length).toBeGreaterThan(0); // refused only when short
      return;
    }
    case 'confirm':
    case 'release':
    case 'expire': {
      const res = pick(w.reservations, o.i);
      if (res === undefined) return;
      const event = o.op === 'confirm' ? { type: 'confirm' as const, orderId: `O${w.orders++}` } : { type: o.op };
      const r = transitionReservation(res, event, w.nowMs);
      if (res.status !== 'active') expect(r.ok).toBe(false); // terminal holds are never touched again
      if (!r.ok) return;
      apply(w, r.value.effects);
      w.reservations[w.reservations.indexOf(res)] = r.value.state;
      return;
    }
    case 'pick':
    case 'ship':
    case 'cancel':
    case 'short_pick': {
      const fo = pick(w.fulfilmentOrders, o.i);
      if (fo === undefined) return;
      const first = fo.lines[0];
      const event =
        o.op === 'short_pick'
          ? { type: 'short_pick' as const, picked: first ? [{ sku: first.sku, pickedQty: Math.min(o.picked, first.qty - 1) }] : [] }
          : { type: o.op };
      const r = transitionFulfilmentOrder(fo, event, w.nowMs);
      if (!r.ok) return;
      apply(w, r.value.effects);
      w.fulfilmentOrders[w.fulfilmentOrders.indexOf(fo)] = r.value.state;
      return;
    }
    case 'resolve': {
      const sp = pick(w.shortPicks, o.i);
      if (sp === undefined) return;
      const seq = w.fulfilmentOrders.filter((f) => f.orderId === sp.orderId).length + 1;
      const substitutes: Sku[] = SKUS.filter((s) => s !== sp.sku).map(asSku);
      const resourcing = { request: { channel: request([]).channel, method: 'ship' as const }, context: context(w), nextFulfilmentSeq: seq };
      const event =
        sp.status === 'substitute_proposed'
          ? { type: 'accept_substitute' as const, resourcing }
          : { type: 'resolve' as const, resourcing, substitutes, autoAcceptSubstitutes: o.auto };
      const r = transitionShortPick(sp, event, w.nowMs);
      if (!r.ok) return;
      apply(w, r.value.effects);
      w.shortPicks[w.shortPicks.indexOf(sp)] = r.value.state;
      return;
    }
    case 'tick':
      w.nowMs += o.ms;
      return;
  }
}

function audit(w: World): void {
  for (const sku of SKUS) {
    const total = [...w.ledger].filter(([k]) => k.startsWith(`${sku}|`)).reduce((s, [, v]) => s + v, 0);
    expect(total).toBe(0);
    for (const node of NODES) {
      expect(qty(w, sku, node, 'available')).toBeGreaterThanOrEqual(0);
      const held = w.reservations
        .filter((r) => r.status === 'active')
        .flatMap((r) => r.lines)
        .filter((l) => l.sku === sku && l.node === node);
      expect(qty(w, sku, node, 'reserved')).toBe(held.reduce((s, l) => s + l.qty, 0));
      const open = w.fulfilmentOrders.filter((f) => f.node === node && f.status !== 'shipped' && f.status !== 'cancelled');
      const allocated = open.flatMap((f) => f.lines.filter((l) => l.sku === sku).map((l) => (f.status === 'short_picked' ? (l.pickedQty ?? l.qty) : l.qty)));
      expect(qty(w, sku, node, 'allocated')).toBe(allocated.reduce((s, q) => s + q, 0));
    }
  }
}

describe('workflow model', () => {
  it('conserves units and keeps reserved/allocated equal to the open holds', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 80 }), (ops) => {
        const w: World = { ledger: new Map(), reservations: [], fulfilmentOrders: [], shortPicks: [], nowMs: 0, orders: 0 };
        for (const sku of SKUS)
          for (const node of NODES)
            apply(w, [
              {
                kind: 'movement',
                movement: {
                  sku: asSku(sku),
                  from: { account: 'supplier' },
                  to: { node: asNodeId(node), bucket: 'available' },
                  qty: 4,
                  reason: 'receipt',
                  occurredAtMs: 0,
                },
              },
            ]);
        for (const o of ops) {
          step(w, o);
          audit(w);
        }
      }),
      { numRuns: 300 },
    );
  });
});
