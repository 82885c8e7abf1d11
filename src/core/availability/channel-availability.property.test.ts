// Goal: exposure invariants for random stock and policies: never more than the channel's nodes'
// ATS, never negative, per-node units sum to the total, and monotone in available (for policies
// without threshold rules, whose redistribution is deliberately not monotone). Method: fast-check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { channelAvailability } from './channel-availability.ts';
import type { ChannelProfile, NodeStock } from './channel-profile.ts';

const NODES = ['A', 'B', 'C', 'D'];
const channelArb = fc.record({
  channelId: fc.constantFrom('web', 'mkt', 'app'),
  type: fc.constantFrom('web' as const, 'marketplace' as const, 'app' as const),
  marginTier: fc.constantFrom('high' as const, 'low' as const),
  nodes: fc.subarray(NODES),
});
const channelPolicyArb = fc.record({
  sharePercent: fc.integer({ min: 0, max: 100 }),
  nodeBufferUnits: fc.integer({ min: 0, max: 5 }),
  minimumUnits: fc.integer({ min: 0, max: 10 }),
});
const policyArb = (withRules: boolean) =>
  fc
    .record({
      channels: fc.dictionary(fc.constantFrom('web', 'mkt', 'app'), channelPolicyArb),
      safetyStock: fc.record({ byNodeType: fc.record({ store: fc.integer({ min: 0, max: 4 }) }) }),
      thresholdRules: withRules
        ? fc.array(
            fc.record({
              id: fc.constantFrom('r1'),
              when: fc.record({ networkAtsBelow: fc.integer({ min: 0, max: 50 }) }),
              then: fc.record({ pauseMarginTiers: fc.constant(['low']), redistributeTo: fc.constant(['web']) }),
            }),
            { maxLength: 1 },
          )
        : fc.constant([]),
    })
    .map((doc): Policy => {
      const r = parsePolicy({ version: 1, ...doc });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value;
    });
const stockArb = fc.tuple(...NODES.map(() => fc.integer({ min: -20, max: 200 })));
const toStock = (units: number[]): NodeStock[] =>
  NODES.map((n, i) => ({ node: asNodeId(n), nodeType: i % 2 === 0 ? 'store' : 'dc', available: units[i] ?? 0 }));

describe('channelAvailability properties', () => {
  it("never negative, never above the sum of its nodes' ATS, per-node units add up", () => {
    fc.assert(
      fc.property(
        channelArb,
        fc.option(policyArb(true), { nil: null }),
        stockArb,
        fc.array(channelArb, { maxLength: 3 }),
        (channel: ChannelProfile, policy, units, others) => {
          const a = channelAvailability(asSku('S'), channel, toStock(units), policy, { category: 'c', channels: [channel, ...others] });
          expect(a.units).toBeGreaterThanOrEqual(0);
          expect(a.units).toBeLessThanOrEqual(a.nodes.reduce((s, n) => s + n.ats, 0));
          expect(a.nodes.reduce((s, n) => s + n.units, 0)).toBe(a.units);
          for (const n of a.nodes) expect(n.units).toBeLessThanOrEqual(n.exposableUnits);
        },
      ),
    );
  });

  it('is monotone in available at any node', () => {
    fc.assert(
      fc.property(channelArb, policyArb(false), stockArb, fc.nat({ max: 3 }), fc.integer({ min: 1, max: 50 }), (channel, policy, units, at, more) => {
        const ctx = { category: 'c', channels: [channel] };
        const before = channelAvailability(asSku('S'), channel, toStock(units), policy, ctx).units;
        const raised = units.map((u, i) => (i === at ? u + more : u));
        expect(channelAvailability(asSku('S'), channel, toStock(raised), policy, ctx).units).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('is monotone for a channel a threshold rule may pause', () => {
    fc.assert(
      fc.property(channelArb, policyArb(true), stockArb, fc.nat({ max: 3 }), fc.integer({ min: 1, max: 50 }), (channel, policy, units, at, more) => {
        fc.pre(channel.marginTier === 'low');
        const ctx = { category: 'c', channels: [channel] };
        const before = channelAvailability(asSku('S'), channel, toStock(units), policy, ctx).units;
        const raised = units.map((u, i) => (i === at ? u + more : u));
        expect(channelAvailability(asSku('S'), channel, toStock(raised), policy, ctx).units).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});
