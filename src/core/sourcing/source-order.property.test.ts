// Goal: sourcing invariants on random networks: never more than a node's ATS, allocated + short =
// requested, only eligible channel nodes ship, and the same answer for permuted inputs.
// Method: fast-check over small networks (≤ 6 nodes, ≤ 4 lines).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { sourcingPolicySchema } from '../policy/policy-schema.ts';
import { sourceOrder } from './source-order.ts';
import type { SourcingContext, SourcingNode, SourcingRequest } from './sourcing-types.ts';

const IDS = ['N0', 'N1', 'N2', 'N3', 'N4', 'N5'];
const SKUS = ['A', 'B', 'C'];
const nodeArb = (id: string) =>
  fc
    .record({
      latitude: fc.double({ min: 50, max: 56, noNaN: true }),
      longitude: fc.double({ min: -4, max: 1, noNaN: true }),
      capacityPerDay: fc.integer({ min: 0, max: 3 }),
      fulfils: fc.subarray(['ship', 'pickup'] as ('ship' | 'pickup')[], { minLength: 1 }),
    })
    .map((n): SourcingNode => ({ ...n, nodeId: asNodeId(id), type: 'store' }));
const scenarioArb = fc.record({
  nodes: fc.tuple(...IDS.map(nodeArb)),
  channelNodes: fc.subarray(IDS, { minLength: 1 }),
  ats: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), node: fc.constantFrom(...IDS), ats: fc.integer({ min: 0, max: 6 }) }), { maxLength: 18 }),
  lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), qty: fc.integer({ min: 1, max: 8 }) }), { minLength: 1, maxLength: 4 }),
  used: fc.dictionary(fc.constantFrom(...IDS), fc.integer({ min: 0, max: 3 })),
  split: fc.integer({ min: 0, max: 20 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario): { request: SourcingRequest; context: SourcingContext } {
  const seen = new Set<string>();
  const ats = s.ats
    .filter((r) => !seen.has(`${r.sku}/${r.node}`) && seen.add(`${r.sku}/${r.node}`))
    .map((r) => ({ sku: asSku(r.sku), node: asNodeId(r.node), ats: r.ats }));
  return {
    request: {
      channel: { channelId: 'c', type: 'web', marginTier: 'high', nodes: s.channelNodes },
      method: 'ship',
      shipTo: { latitude: 52, longitude: -1 },
      lines: s.lines.map((l) => ({ sku: asSku(l.sku), qty: l.qty })),
    },
    context: { nodes: s.nodes, ats, fulfilmentOrdersToday: s.used, weights: sourcingPolicySchema.parse({ splitPenalty: s.split }) },
  };
}

describe('sourceOrder properties', () => {
  it('allocates within ATS and eligibility, and accounts for every unit', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { request, context } = build(s);
        const d = sourceOrder(request, context);
        const taken = new Map<string, number>();
        for (const a of d.allocations) taken.set(`${a.sku}/${a.node}`, (taken.get(`${a.sku}/${a.node}`) ?? 0) + a.qty);
        for (const [key, qty] of taken) expect(qty).toBeLessThanOrEqual(context.ats.find((r) => `${r.sku}/${r.node}` === key)?.ats ?? 0);
        for (const n of d.shipments) {
          expect(s.channelNodes).toContain(n);
          const m = s.nodes.find((x) => x.nodeId === n);
          expect(m?.fulfils).toContain('ship');
          expect((m?.capacityPerDay ?? 0) - (s.used[n] ?? 0)).toBeGreaterThanOrEqual(1);
        }
        request.lines.forEach((l, i) => {
          const allocated = d.allocations.filter((a) => a.lineIndex === i).reduce((x, a) => x + a.qty, 0);
          const short = d.shortLines.find((x) => x.lineIndex === i);
          expect(allocated + (short ? short.requestedQty - short.allocatedQty : 0)).toBe(l.qty);
          expect(short?.allocatedQty ?? allocated).toBe(allocated);
        });
      }),
    );
  });

  it('gives the same decision for permuted inputs', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { request, context } = build(s);
        const permuted = { ...context, nodes: [...context.nodes].reverse(), ats: [...context.ats].reverse() };
        const req2 = { ...request, channel: { ...request.channel, nodes: [...request.channel.nodes].reverse() } };
        expect(sourceOrder(req2, permuted)).toEqual(sourceOrder(request, context));
      }),
    );
  });

  it('uses one shipment whenever a single eligible node can cover the whole order', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { request, context } = build(s);
        const d = sourceOrder(request, context);
        const need = new Map<string, number>();
        for (const l of request.lines) need.set(l.sku, (need.get(l.sku) ?? 0) + l.qty);
        const single = s.channelNodes.some((n) => {
          const m = s.nodes.find((x) => x.nodeId === n);
          if (!m?.fulfils.includes('ship') || m.capacityPerDay - (s.used[n] ?? 0) < 1) return false;
          return [...need].every(([sku, q]) => (context.ats.find((r) => r.sku === sku && r.node === n)?.ats ?? 0) >= q);
        });
        if (single) expect(d.shipments).toHaveLength(1);
      }),
    );
  });
});
