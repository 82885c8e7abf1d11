import type { ChannelProfile } from '../core/availability/channel-profile.ts';
import { type DomainError, domainError } from '../core/errors.ts';
import { asNodeId, asSku, type Sku } from '../core/ids.ts';
import type { NodeType } from '../core/master-data/node.ts';
import type { ChannelPolicy, Policy } from '../core/policy/policy-schema.ts';
import { sourcingPolicySchema } from '../core/policy/policy-schema.ts';
import { safetyStockUnits } from '../core/policy/safety-stock.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { SourcingContext, SourcingNode } from '../core/sourcing/sourcing-types.ts';
import type { IngestTransaction } from '../ports/store.ts';
import type { SourcingMasterData } from '../ports/workflow-store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const defaultWeights = sourcingPolicySchema.parse({});

/** Everything a sourcing run knows: master data bound to the policy, and ATS read inside the ledger transaction. */
export type SourcingFacts = {
  readonly channel: ChannelProfile;
  readonly channelPolicy: ChannelPolicy | null;
  /** Substitutes of each item, in preference order. */
  readonly substitutes: ReadonlyMap<string, readonly Sku[]>;
  /** Safety stock of a SKU at a node: the guard's floor, so ATS = available − floor never goes below it. */
  floorOf(sku: string, node: string): number;
  /** Fresh ATS and capacity, read in the transaction (its own earlier writes included). */
  context(tx: IngestTransaction, skus: readonly string[], nowMs: number): Promise<SourcingContext>;
};

/**
 * Reads the channel, its nodes and the items on the transaction's connection and binds the policy
 * in force (safety stock, sourcing weights, the channel's rules). An unknown channel or SKU is an
 * error naming the field; `skuFields` gives each SKU's field for that message (`lines.0.sku`).
 * Steps that run inside another command (conflicts, short picks) use it; the hot path (reserve,
 * place) reads master data through `SourcingMasterDataCache` before its command and calls
 * `bindSourcingFacts` instead.
 */
export async function loadSourcingFacts(
  tx: IngestTransaction,
  policy: Policy | null,
  channelId: string,
  skuFields: ReadonlyMap<string, string>,
): Promise<Result<SourcingFacts, DomainError>> {
  return bindSourcingFacts(await tx.workflow.sourcingMasterData(channelId, [...skuFields.keys()]), policy, channelId, skuFields);
}

/** `loadSourcingFacts` over master data already read (from the cache, outside the transaction). */
export function bindSourcingFacts(
  master: SourcingMasterData,
  policy: Policy | null,
  channelId: string,
  skuFields: ReadonlyMap<string, string>,
): Result<SourcingFacts, DomainError> {
  const channel = master.channel;
  if (channel === undefined) return err(domainError('unknown_channel', `no channel ${channelId}; create it with PUT /v1/channels/{channelId}`, 'channel'));
  const categories = new Map(master.items.map((i) => [i.sku, i.category]));
  for (const [sku, field] of skuFields) if (!categories.has(sku)) return err(domainError('unknown_sku', `no item with sku ${sku}`, field));
  const nodeTypes = new Map<string, NodeType>(master.nodes.map((n) => [n.nodeId, n.type]));
  const nodes: SourcingNode[] = master.nodes.map((n) => ({
    nodeId: asNodeId(n.nodeId),
    type: n.type,
    capacityPerDay: n.capacityPerDay,
    fulfils: n.fulfils,
    latitude: n.latitude,
    longitude: n.longitude,
  }));
  const nodeIds = nodes.map((n) => n.nodeId as string);
  const floorOf = (sku: string, node: string): number =>
    safetyStockUnits(policy?.safetyStock ?? null, sku, categories.get(sku) ?? '', nodeTypes.get(node) ?? 'store');
  const profile: ChannelProfile = { channelId: channel.channelId, type: channel.type, marginTier: channel.marginTier, nodes: channel.nodes };
  const channelPolicy = policy !== null && Object.hasOwn(policy.channels, channelId) ? (policy.channels[channelId] ?? null) : null;
  return ok({
    channel: profile,
    channelPolicy,
    substitutes: new Map(master.items.map((i) => [i.sku, i.substitutes.map(asSku)])),
    floorOf,
    context: async (t, skus, nowMs) => {
      // Capacity counts the fulfilment orders each node took since midnight UTC.
      const read = await t.workflow.sourcingReads(skus, nodeIds, nowMs - (nowMs % DAY_MS));
      const ats = read.positions.map((p) => ({ sku: p.sku, node: p.node, ats: Math.max(0, p.available - floorOf(p.sku, p.node)) }));
      return { nodes, ats, fulfilmentOrdersToday: { ...read.fulfilmentOrders }, weights: policy?.sourcing ?? defaultWeights };
    },
  });
}
