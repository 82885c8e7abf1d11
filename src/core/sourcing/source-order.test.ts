// Goal: pin the sourcing rules with worked examples: fewest shipments first, then cost; pickup only
// at the chosen store; exhausted capacity excludes a node; ties by node id; short lines; greedy
// fallback; the trace. Method: small hand-built networks with known answers.
import { describe, expect, it } from 'vitest';
import type { ChannelProfile } from '../availability/channel-profile.ts';
import { asNodeId, asSku } from '../ids.ts';
import { sourcingPolicySchema } from '../policy/policy-schema.ts';
import { sourceOrder } from './source-order.ts';
import type { SourcingContext, SourcingNode, SourcingRequest } from './sourcing-types.ts';

const A = asSku('A');
const B = asSku('B');
const node = (id: string, latitude: number, longitude: number, extra: Partial<SourcingNode> = {}): SourcingNode => ({
  nodeId: asNodeId(id),
  type: 'store',
  latitude,
  longitude,
  capacityPerDay: 100,
  fulfils: ['ship', 'pickup'],
  ...extra,
});
// London customer; S-LON next door, S-MAN ~260 km, DC-FAR (Edinburgh) ~530 km.
const shipTo = { latitude: 51.51, longitude: -0.12 };
const nodes = [node('S-LON', 51.5117, -0.124), node('S-MAN', 53.4831, -2.2426), node('DC-FAR', 55.9521, -3.1965, { type: 'dc', fulfils: ['ship'] })];
const channel: ChannelProfile = { channelId: 'web', type: 'web', marginTier: 'high', nodes: ['S-LON', 'S-MAN', 'DC-FAR'] };
const weights = sourcingPolicySchema.parse({ distanceCostPerKm: 0.01, handlingCost: { default: 1 }, splitPenalty: 5 });
const ats = (rows: [string, string, number][]) => rows.map(([sku, n, q]) => ({ sku: asSku(sku), node: asNodeId(n), ats: q }));
const ctx = (rows: [string, string, number][], extra: Partial<SourcingContext> = {}): SourcingContext => ({
  nodes,
  ats: ats(rows),
  fulfilmentOrdersToday: {},
  weights,
  ...extra,
});
const ship = (lines: SourcingRequest['lines'], extra: Partial<SourcingRequest> = {}): SourcingRequest => ({ channel, method: 'ship', shipTo, lines, ...extra });

describe('sourceOrder', () => {
  it('prefers one far node covering everything over a closer split', () => {
    const d = sourceOrder(
      ship([
        { sku: A, qty: 1 },
        { sku: B, qty: 1 },
      ]),
      ctx([
        ['A', 'S-LON', 5],
        ['B', 'S-MAN', 5],
        ['A', 'DC-FAR', 5],
        ['B', 'DC-FAR', 5],
      ]),
    );
    expect(d.shipments).toEqual(['DC-FAR']);
    expect(d.allocations).toEqual([
      { lineIndex: 0, sku: A, node: 'DC-FAR', qty: 1 },
      { lineIndex: 1, sku: B, node: 'DC-FAR', qty: 1 },
    ]);
    expect(d.shortLines).toEqual([]);
    expect(d.trace.search).toBe('exact');
    expect(d.trace.chosen?.shipments).toBe(1);
  });

  it('among single-node options picks the cheapest (nearest here)', () => {
    const d = sourceOrder(
      ship([{ sku: A, qty: 2 }]),
      ctx([
        ['A', 'S-LON', 5],
        ['A', 'S-MAN', 5],
        ['A', 'DC-FAR', 5],
      ]),
    );
    expect(d.shipments).toEqual(['S-LON']);
    expect(d.trace.options.map((o) => o.nodes[0])).toEqual(['S-LON', 'S-MAN', 'DC-FAR']);
    expect(d.trace.chosen?.distanceCost).toBeCloseTo(0.0035, 3);
  });

  it('lets handling cost outweigh distance', () => {
    const heavy = sourcingPolicySchema.parse({ ...weights, handlingCost: { default: 1, byNode: { 'S-LON': 10 } } });
    const d = sourceOrder(
      ship([{ sku: A, qty: 1 }]),
      ctx(
        [
          ['A', 'S-LON', 5],
          ['A', 'S-MAN', 5],
        ],
        { weights: heavy },
      ),
    );
    expect(d.shipments).toEqual(['S-MAN']); // 2.6 + 1 < 0 + 10
  });

  it("protects a node's last units when the margin-protection weight says so", () => {
    const protect = sourcingPolicySchema.parse({ ...weights, lowStock: { unitsBelow: 3, costPerUnit: 10 } });
    const d = sourceOrder(
      ship([{ sku: A, qty: 1 }]),
      ctx(
        [
          ['A', 'S-LON', 2],
          ['A', 'S-MAN', 50],
        ],
        { weights: protect },
      ),
    );
    expect(d.shipments).toEqual(['S-MAN']);
    expect(d.trace.options.find((o) => o.nodes[0] === 'S-LON')?.marginProtectionCost).toBe(10);
  });

  it('splits when no single node can cover, with the split penalty in the cost', () => {
    const d = sourceOrder(
      ship([{ sku: A, qty: 6 }]),
      ctx([
        ['A', 'S-LON', 4],
        ['A', 'S-MAN', 4],
        ['A', 'DC-FAR', 4],
      ]),
    );
    expect(d.shipments).toEqual(['S-LON', 'S-MAN']);
    expect(d.allocations.reduce((s, a) => s + a.qty, 0)).toBe(6);
    expect(d.trace.chosen?.splitCost).toBe(5);
  });

  it('sources pickup orders only at the chosen store', () => {
    const stock = ctx([
      ['A', 'S-LON', 1],
      ['A', 'S-MAN', 9],
      ['A', 'DC-FAR', 9],
    ]);
    const short = sourceOrder({ channel, method: 'pickup', pickupNode: asNodeId('S-LON'), lines: [{ sku: A, qty: 2 }] }, stock);
    expect(short.allocations).toEqual([{ lineIndex: 0, sku: A, node: 'S-LON', qty: 1 }]);
    expect(short.shortLines).toEqual([{ lineIndex: 0, sku: A, requestedQty: 2, allocatedQty: 1, availableQty: 1, reason: 'insufficient_ats' }]);
    const fine = sourceOrder({ channel, method: 'pickup', pickupNode: asNodeId('S-MAN'), lines: [{ sku: A, qty: 2 }] }, stock);
    expect(fine.shipments).toEqual(['S-MAN']);
    expect(fine.trace.candidates.find((c) => c.node === 'S-LON')?.excludedBecause).toBe('not_pickup_node');
  });

  it('refuses pickup at a node that does not offer pickup', () => {
    const d = sourceOrder({ channel, method: 'pickup', pickupNode: asNodeId('DC-FAR'), lines: [{ sku: A, qty: 1 }] }, ctx([['A', 'DC-FAR', 9]]));
    expect(d.allocations).toEqual([]);
    expect(d.shortLines[0]?.reason).toBe('node_not_eligible');
  });

  it('excludes a node whose capacity for today is used up', () => {
    const d = sourceOrder(
      ship([{ sku: A, qty: 1 }]),
      ctx(
        [
          ['A', 'S-LON', 5],
          ['A', 'S-MAN', 5],
        ],
        { fulfilmentOrdersToday: { 'S-LON': 100 } },
      ),
    );
    expect(d.shipments).toEqual(['S-MAN']);
    expect(d.trace.candidates.find((c) => c.node === 'S-LON')).toMatchObject({ eligible: false, excludedBecause: 'no_capacity', remainingCapacity: 0 });
  });

  it('breaks exact ties by node id, whatever the input order', () => {
    const twins = [node('T-2', 52, -1), node('T-1', 52, -1)];
    const twinChannel: ChannelProfile = { ...channel, nodes: ['T-2', 'T-1'] };
    const c = ctx(
      [
        ['A', 'T-2', 5],
        ['A', 'T-1', 5],
      ],
      { nodes: twins },
    );
    const d = sourceOrder({ channel: twinChannel, method: 'ship', shipTo, lines: [{ sku: A, qty: 1 }] }, c);
    expect(d.shipments).toEqual(['T-1']);
    const reversed = sourceOrder(
      { channel: { ...twinChannel, nodes: ['T-1', 'T-2'] }, method: 'ship', shipTo, lines: [{ sku: A, qty: 1 }] },
      { ...c, nodes: [...twins].reverse(), ats: [...c.ats].reverse() },
    );
    expect(reversed).toEqual(d);
  });

  it('returns short lines with what is available, allocating what it can', () => {
    const d = sourceOrder(
      ship([
        { sku: A, qty: 20 },
        { sku: B, qty: 1 },
      ]),
      ctx([
        ['A', 'S-LON', 4],
        ['A', 'S-MAN', 3],
        ['B', 'S-MAN', 1],
      ]),
    );
    expect(d.shortLines).toEqual([{ lineIndex: 0, sku: A, requestedQty: 20, allocatedQty: 7, availableQty: 7, reason: 'insufficient_ats' }]);
    expect(d.trace.search).toBe('greedy');
    expect(d.allocations.filter((a) => a.sku === B)).toEqual([{ lineIndex: 1, sku: B, node: 'S-MAN', qty: 1 }]);
  });

  it('falls back to greedy beyond the exact search and still covers the order', () => {
    const many = Array.from({ length: 6 }, (_, i) => node(`N${i}`, 52, -1 - i / 10));
    const ch: ChannelProfile = { ...channel, nodes: many.map((n) => n.nodeId) };
    const d = sourceOrder(
      { channel: ch, method: 'ship', shipTo, lines: [{ sku: A, qty: 5 }] },
      ctx(
        many.map((n) => ['A', n.nodeId, 1]),
        { nodes: many },
      ),
    );
    expect(d.trace.search).toBe('greedy');
    expect(d.shortLines).toEqual([]);
    expect(d.shipments).toHaveLength(5);
    expect(d.shipments).not.toContain('N5'); // the farthest from London is left out
  });

  it('keeps pinned lines at their node and sources the rest around them', () => {
    const d = sourceOrder(
      ship([
        { sku: A, qty: 1, node: asNodeId('S-MAN') },
        { sku: B, qty: 1 },
      ]),
      ctx([
        ['A', 'S-MAN', 1],
        ['B', 'S-MAN', 1],
        ['B', 'S-LON', 1],
      ]),
    );
    expect(d.shipments).toEqual(['S-MAN']); // B joins the pinned shipment rather than adding one
  });

  it('leaves a line pinned to a node outside the channel short', () => {
    const d = sourceOrder(ship([{ sku: A, qty: 1, node: asNodeId('ELSEWHERE') }]), ctx([['A', 'S-LON', 5]]));
    expect(d.shortLines).toEqual([{ lineIndex: 0, sku: A, requestedQty: 1, allocatedQty: 0, availableQty: 0, reason: 'node_not_eligible' }]);
  });

  it('skips excluded nodes (re-sourcing after a short pick)', () => {
    const d = sourceOrder(
      ship([{ sku: A, qty: 1 }], { excludeNodes: [asNodeId('S-LON')] }),
      ctx([
        ['A', 'S-LON', 5],
        ['A', 'S-MAN', 5],
      ]),
    );
    expect(d.shipments).toEqual(['S-MAN']);
    expect(d.trace.candidates.find((c) => c.node === 'S-LON')?.excludedBecause).toBe('excluded');
  });

  it('sums demand of repeated SKU lines before checking stock', () => {
    const d = sourceOrder(
      ship([
        { sku: A, qty: 3 },
        { sku: A, qty: 3 },
      ]),
      ctx([
        ['A', 'S-LON', 5],
        ['A', 'S-MAN', 6],
      ]),
    );
    expect(d.shipments).toEqual(['S-MAN']);
  });
});
