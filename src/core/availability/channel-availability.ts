import { assert } from '../assert.ts';
import type { Sku } from '../ids.ts';
import type { ChannelPolicy, Policy } from '../policy/policy-schema.ts';
import { safetyStockUnits } from '../policy/safety-stock.ts';
import { allotUnits } from './allot-units.ts';
import type { ChannelProfile, NodeStock } from './channel-profile.ts';
import { firedThresholdRules } from './threshold-rules.ts';

/** What, besides node ATS, shaped a channel's number. Shown to operators and in traces. */
export type AppliedExposureRule =
  | { readonly kind: 'unlisted_channel' }
  | { readonly kind: 'node_buffer'; readonly unitsPerNode: number }
  | { readonly kind: 'share_cap'; readonly sharePercent: number; readonly capUnits: number }
  | { readonly kind: 'minimum'; readonly minimumUnits: number }
  | { readonly kind: 'threshold_paused'; readonly ruleId: string }
  | { readonly kind: 'threshold_share_received'; readonly ruleId: string; readonly fromChannels: readonly string[]; readonly sharePercentAdded: number };

/** One node's part of a channel's availability. */
export type NodeExposure = {
  readonly node: string;
  readonly available: number;
  readonly safetyStockUnits: number;
  /** `max(0, available − safetyStock)`. */
  readonly ats: number;
  /** `max(0, ats − nodeBufferUnits)`: what this channel could take from the node at most. */
  readonly exposableUnits: number;
  /** This node's share of `units` (largest remainder over `exposableUnits`); sums to `units`. */
  readonly units: number;
};

export type ChannelAvailability = {
  readonly sku: Sku;
  readonly channelId: string;
  /** Units the channel may show and sell. */
  readonly units: number;
  /** Sum of node ATS over every node given (the network). */
  readonly networkAts: number;
  readonly paused: boolean;
  /** Share after threshold rules; null for a channel the policy does not list. */
  readonly sharePercent: number | null;
  readonly nodes: readonly NodeExposure[];
  readonly applied: readonly AppliedExposureRule[];
};

/** Facts beyond positions that exposure needs. */
export type AvailabilityContext = {
  /** The SKU's category (safety stock by category). */
  readonly category: string;
  /** Every channel, so a direct channel knows whose share a threshold rule gives it. */
  readonly channels: readonly ChannelProfile[];
  /** Recent average demand, units per day, for `daysOfCoverBelow`; omit when unknown. */
  readonly demandPerDay?: number;
};

/**
 * The units `channel` may expose for `sku` (docs/policy.md, "Exposure"):
 * 1. node ATS = max(0, available − safety stock), per node of the network (`nodePositions`);
 * 2. a channel the policy does not list shows the sum of its nodes' ATS, nothing else applies;
 * 3. otherwise each of its nodes contributes max(0, ATS − nodeBufferUnits) to its pool;
 * 4. fired threshold rules pause the channel (0) when its margin tier is listed, or, for a channel
 *    whose type is a receiver, add the paused listed channels' share percents to its own (max 100);
 * 5. units = min(pool, floor(networkATS × share / 100)), then 0 when below `minimumUnits`.
 * Pure; `nodePositions` must hold every node of the network (missing nodes count as 0 units).
 */
export function channelAvailability(
  sku: Sku,
  channel: ChannelProfile,
  nodePositions: readonly NodeStock[],
  policy: Policy | null,
  context: AvailabilityContext,
): ChannelAvailability {
  const safety = policy?.safetyStock ?? null;
  const atsByNode = new Map<string, NodeAts>();
  let networkAts = 0;
  for (const p of nodePositions) {
    assert(!atsByNode.has(p.node), `node ${p.node} given twice`);
    const s = safetyStockUnits(safety, sku, context.category, p.nodeType);
    const ats = Math.max(0, p.available - s);
    atsByNode.set(p.node, { available: p.available, safety: s, ats });
    networkAts += ats;
  }
  const channelPolicy = policy !== null && Object.hasOwn(policy.channels, channel.channelId) ? (policy.channels[channel.channelId] ?? null) : null;
  const buffer = channelPolicy?.nodeBufferUnits ?? 0;
  const nodeIds = sortedUniqueNodes(channel.nodes);
  // Each node first gets its exposable units, what the whole pool gives it (below).
  const rows: NodeExposure[] = new Array(nodeIds.length);
  let pool = 0;
  let channelAts = 0;
  for (let i = 0; i < nodeIds.length; i++) {
    const node = nodeIds[i] as string;
    const n = atsByNode.get(node) ?? NO_STOCK;
    const exposableUnits = Math.max(0, n.ats - buffer);
    rows[i] = { node, available: n.available, safetyStockUnits: n.safety, ats: n.ats, exposableUnits, units: exposableUnits };
    pool += exposableUnits;
    channelAts += n.ats;
  }
  const applied: AppliedExposureRule[] = [];
  let units: number;
  let sharePercent: number | null = null;
  let paused = false;
  if (policy === null || channelPolicy === null) {
    applied.push({ kind: 'unlisted_channel' });
    units = pool;
  } else {
    if (buffer > 0) applied.push({ kind: 'node_buffer', unitsPerNode: buffer });
    const shaped = applyThresholds(channel, channelPolicy, policy, networkAts, context, applied);
    paused = shaped.paused;
    sharePercent = shaped.sharePercent;
    units = paused ? 0 : capAndMinimum(pool, networkAts, shaped.sharePercent, channelPolicy, applied);
  }
  assert(units >= 0 && units <= channelAts, "a channel never exposes more than its nodes' ATS");
  // The whole pool (no cap applied, the common case) gives every node exactly its exposable
  // units, which is what the largest-remainder split returns too: skip its BigInt arithmetic and
  // keep the rows as built (a channel of 300 stores makes 300 rows per SKU on every transaction,
  // so copying them with a spread was most of this function's cost).
  const nodes = units === pool ? rows : allotted(rows, units);
  return { sku, channelId: channel.channelId, units, networkAts, paused, sharePercent, nodes, applied };
}

/** The rows with `units` split over the nodes by largest remainder over their exposable units. */
function allotted(rows: readonly NodeExposure[], units: number): NodeExposure[] {
  const split = allotUnits(
    units,
    rows.map((r) => [r.node, r.exposableUnits] as const),
  );
  return rows.map((r) => ({
    node: r.node,
    available: r.available,
    safetyStockUnits: r.safetyStockUnits,
    ats: r.ats,
    exposableUnits: r.exposableUnits,
    units: split.get(r.node) ?? 0,
  }));
}

type NodeAts = { readonly available: number; readonly safety: number; readonly ats: number };
const NO_STOCK: NodeAts = { available: 0, safety: 0, ats: 0 };

/**
 * A channel's node ids, deduplicated and sorted, memoised per `nodes` array: the projection calls
 * `channelAvailability` once per SKU and channel with the same profiles, so this is done once per
 * channel rather than once per call. Keyed weakly, so profiles built per transaction are released.
 */
const sortedNodesOf = new WeakMap<readonly string[], readonly string[]>();
function sortedUniqueNodes(nodes: readonly string[]): readonly string[] {
  let sorted = sortedNodesOf.get(nodes);
  if (sorted === undefined) {
    sorted = [...new Set(nodes)].sort();
    sortedNodesOf.set(nodes, sorted);
  }
  return sorted;
}

function capAndMinimum(pool: number, networkAts: number, sharePercent: number, cp: ChannelPolicy, applied: AppliedExposureRule[]): number {
  // Percent × units as an exact rational: floor((N × p × 100) / 10000) keeps two decimals of p exact.
  const capUnits = Number((BigInt(networkAts) * BigInt(Math.round(sharePercent * 100))) / 10_000n);
  let units = pool;
  if (capUnits < pool) {
    applied.push({ kind: 'share_cap', sharePercent, capUnits });
    units = capUnits;
  }
  if (units > 0 && units < cp.minimumUnits) {
    applied.push({ kind: 'minimum', minimumUnits: cp.minimumUnits });
    units = 0;
  }
  return units;
}

function applyThresholds(
  channel: ChannelProfile,
  cp: ChannelPolicy,
  policy: Policy,
  networkAts: number,
  context: AvailabilityContext,
  applied: AppliedExposureRule[],
): { paused: boolean; sharePercent: number } {
  const fired = firedThresholdRules(policy, networkAts, context.demandPerDay);
  const pausing = fired.filter((r) => r.then.pauseMarginTiers.includes(channel.marginTier));
  if (pausing.length > 0) {
    for (const r of pausing) applied.push({ kind: 'threshold_paused', ruleId: r.id });
    return { paused: true, sharePercent: 0 };
  }
  let share = cp.sharePercent;
  for (const rule of fired) {
    if (!rule.then.redistributeTo.includes(channel.type)) continue;
    const from = context.channels
      .filter((c) => c.channelId !== channel.channelId && rule.then.pauseMarginTiers.includes(c.marginTier))
      .filter((c) => Object.hasOwn(policy.channels, c.channelId))
      .sort((a, b) => (a.channelId < b.channelId ? -1 : 1));
    const added = from.reduce((s, c) => s + (policy.channels[c.channelId]?.sharePercent ?? 0), 0);
    if (from.length === 0) continue;
    applied.push({ kind: 'threshold_share_received', ruleId: rule.id, fromChannels: from.map((c) => c.channelId), sharePercentAdded: added });
    share = Math.min(100, share + added);
  }
  return { paused: false, sharePercent: share };
}
