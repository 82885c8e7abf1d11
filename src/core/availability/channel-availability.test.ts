// Goal: pin the exposure rules of docs/policy.md with worked examples (share cap, node buffer,
// minimum, safety stock, threshold pause and redistribution, unlisted channels, per-node split).
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { channelAvailability } from './channel-availability.ts';
import type { ChannelProfile, NodeStock } from './channel-profile.ts';

const sku = asSku('TENT');
const policy = (doc: Record<string, unknown>): Policy => {
  const r = parsePolicy({ version: 1, ...doc });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
const web: ChannelProfile = { channelId: 'web', type: 'web', marginTier: 'high', nodes: ['DC', 'S1'] };
const mkt: ChannelProfile = { channelId: 'mkt', type: 'marketplace', marginTier: 'low', nodes: ['DC'] };
const channels = [web, mkt];
const stock = (dc: number, s1: number): NodeStock[] => [
  { node: asNodeId('DC'), nodeType: 'dc', available: dc },
  { node: asNodeId('S1'), nodeType: 'store', available: s1 },
];
const ctx = { category: 'camping', channels };

describe('channelAvailability', () => {
  it('exposes the full ATS of its nodes for a channel the policy does not list', () => {
    const a = channelAvailability(sku, web, stock(10, 5), policy({ channels: { mkt: { sharePercent: 10 } } }), ctx);
    expect(a.units).toBe(15);
    expect(a.sharePercent).toBeNull();
    expect(a.applied).toEqual([{ kind: 'unlisted_channel' }]);
  });

  it('does the same without any policy, clamping oversold nodes at zero', () => {
    const a = channelAvailability(sku, web, stock(-3, 5), null, ctx);
    expect(a.units).toBe(5);
    expect(a.nodes.map((n) => [n.node, n.ats, n.units])).toEqual([
      ['DC', 0, 0],
      ['S1', 5, 5],
    ]);
  });

  it('subtracts safety stock per node type before anything else', () => {
    const p = policy({ safetyStock: { byNodeType: { store: 2 } } });
    const a = channelAvailability(sku, web, stock(10, 5), p, ctx);
    expect(a.units).toBe(13);
    expect(a.networkAts).toBe(13);
  });

  it('caps at the share of network ATS, rounding down, and splits the units over nodes', () => {
    // network ATS 15 (DC 10 + S1 5); mkt sees only DC (10) but 60% of 15 = 9 caps it.
    const p = policy({ channels: { mkt: { sharePercent: 60 } } });
    const a = channelAvailability(sku, mkt, stock(10, 5), p, ctx);
    expect(a.units).toBe(9);
    expect(a.applied).toEqual([{ kind: 'share_cap', sharePercent: 60, capUnits: 9 }]);
    const b = channelAvailability(sku, mkt, stock(10, 6), p, ctx);
    expect(b.units).toBe(9); // floor(0.6 × 16) = 9.6 → 9
  });

  it('withholds the node buffer at every node of the channel', () => {
    const p = policy({ channels: { web: { nodeBufferUnits: 2 } } });
    const a = channelAvailability(sku, web, stock(10, 1), p, ctx);
    expect(a.units).toBe(8); // DC 10 − 2, S1 max(0, 1 − 2)
    expect(a.nodes.map((n) => n.exposableUnits)).toEqual([8, 0]);
  });

  it('shows zero below the minimum, and the value at the minimum', () => {
    const p = policy({ channels: { mkt: { minimumUnits: 3 } } });
    expect(channelAvailability(sku, mkt, stock(2, 0), p, ctx).units).toBe(0);
    expect(channelAvailability(sku, mkt, stock(2, 0), p, ctx).applied).toEqual([{ kind: 'minimum', minimumUnits: 3 }]);
    expect(channelAvailability(sku, mkt, stock(3, 0), p, ctx).units).toBe(3);
  });

  const scarce = policy({
    channels: { web: { sharePercent: 50 }, mkt: { sharePercent: 30 } },
    thresholdRules: [{ id: 'scarce', when: { networkAtsBelow: 20 }, then: { pauseMarginTiers: ['low'], redistributeTo: ['web', 'app'] } }],
  });

  it('pauses low-margin channels when network ATS falls under the threshold', () => {
    const a = channelAvailability(sku, mkt, stock(10, 5), scarce, ctx);
    expect(a).toMatchObject({ units: 0, paused: true, applied: [{ kind: 'threshold_paused', ruleId: 'scarce' }] });
    expect(channelAvailability(sku, mkt, stock(15, 5), scarce, ctx).units).toBe(6); // 30% of 20
  });

  it('gives the paused share to direct channels', () => {
    const a = channelAvailability(sku, web, stock(10, 5), scarce, ctx);
    // 50% + 30% of 15 = 12
    expect(a.units).toBe(12);
    expect(a.sharePercent).toBe(80);
    expect(a.applied).toContainEqual({ kind: 'threshold_share_received', ruleId: 'scarce', fromChannels: ['mkt'], sharePercentAdded: 30 });
  });

  it('fires on days of cover only when demand is known', () => {
    const p = policy({
      channels: { mkt: {} },
      thresholdRules: [{ id: 'cover', when: { daysOfCoverBelow: 3 }, then: { pauseMarginTiers: ['low'] } }],
    });
    expect(channelAvailability(sku, mkt, stock(10, 5), p, { ...ctx, demandPerDay: 6 }).paused).toBe(true); // 2.5 days
    expect(channelAvailability(sku, mkt, stock(10, 5), p, { ...ctx, demandPerDay: 5 }).paused).toBe(false); // 3 days
    expect(channelAvailability(sku, mkt, stock(10, 5), p, ctx).paused).toBe(false);
  });

  it('splits the units over nodes by largest remainder, summing exactly', () => {
    const p = policy({ channels: { web: { sharePercent: 50 } } });
    const a = channelAvailability(sku, web, stock(7, 7), p, ctx);
    expect(a.units).toBe(7);
    expect(a.nodes.map((n) => n.units)).toEqual([4, 3]); // tie on remainder → smaller id (DC) first
  });
});
