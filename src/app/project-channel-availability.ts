import { type ChannelAvailability, channelAvailability } from '../core/availability/channel-availability.ts';
import type { ChannelProfile, NodeStock } from '../core/availability/channel-profile.ts';
import { asSku } from '../core/ids.ts';
import type { Policy } from '../core/policy/policy-schema.ts';
import type { ChannelAvailabilityRow, IngestTransaction } from '../ports/store.ts';

/** Where the policy in force comes from (the PolicyHolder in production). */
export type PolicySource = { current(): Policy | null };

/**
 * A projection row that changed in this transaction, with the value it had before (null when new)
 * and the arrival time of the earliest command that changed it (for push latency).
 */
export type AvailabilityChange = { readonly row: ChannelAvailabilityRow; readonly previousUnits: number | null; readonly causedAtMs: number };

/** Called with the changed rows inside the same transaction (the outbox enqueues channel pushes here). */
export type OnAvailabilityChanged = (tx: IngestTransaction, changes: readonly AvailabilityChange[], nowMs: number) => Promise<void>;

const rowKey = (channel: string, sku: string): string => `${channel}\u0000${sku}`;

/**
 * Keeps the channel-availability projection right: after the commands of a transaction, for every
 * SKU they touched, recomputes each channel's number with the pure exposure rules
 * (src/core/availability) from the positions as the transaction leaves them, and writes the rows
 * that changed — in the same transaction as the movements, so the projection never lags the ledger
 * and a push is enqueued exactly when a number changes.
 */
export class ChannelAvailabilityProjector {
  private readonly listeners: OnAvailabilityChanged[] = [];

  constructor(private readonly policies: PolicySource) {}

  onChanged(listener: OnAvailabilityChanged): void {
    this.listeners.push(listener);
  }

  /** The LedgerWriter after-step. */
  readonly afterCommands = async (tx: IngestTransaction, touched: ReadonlyMap<string, number>, nowMs: number): Promise<void> => {
    if (touched.size === 0) return;
    const skus = [...touched.keys()].sort();
    // Sequential on purpose: one connection per transaction (a pg client does not run queries in parallel).
    const master = await tx.projectionMasterData(skus);
    const positions = await tx.positionsOfSkus(skus);
    const stored = await tx.channelAvailabilityOf(skus);
    const nodeType = master.nodeTypes;
    const category = master.categories;
    const profiles: ChannelProfile[] = master.channels.map((c) => ({ channelId: c.channelId, type: c.type, marginTier: c.marginTier, nodes: c.nodes }));
    const stockBySku = new Map<string, NodeStock[]>();
    for (const p of positions) {
      const type = nodeType.get(p.node);
      if (type === undefined) continue; // a node deleted from master data holds no sellable stock
      const list = stockBySku.get(p.sku) ?? [];
      list.push({ node: p.node, nodeType: type, available: p.available });
      stockBySku.set(p.sku, list);
    }
    const previous = new Map(stored.map((r) => [rowKey(r.channel, r.sku), r]));
    const policy = this.policies.current();
    const changes: AvailabilityChange[] = [];
    for (const sku of skus) {
      const context = { category: category.get(sku) ?? '', channels: profiles };
      for (const channel of profiles) {
        const computed = channelAvailability(asSku(sku), channel, stockBySku.get(sku) ?? [], policy, context);
        const row = toRow(computed, nowMs);
        const before = previous.get(rowKey(channel.channelId, sku));
        if (before && before.units === row.units && before.paused === row.paused && JSON.stringify(before.detail) === JSON.stringify(row.detail)) continue;
        changes.push({ row, previousUnits: before?.units ?? null, causedAtMs: touched.get(sku) ?? nowMs });
      }
    }
    if (changes.length === 0) return;
    await tx.writeChannelAvailability(changes.map((c) => c.row));
    for (const listener of this.listeners) await listener(tx, changes, nowMs);
  };
}

function toRow(a: ChannelAvailability, nowMs: number): ChannelAvailabilityRow {
  return {
    channel: a.channelId,
    sku: a.sku,
    units: a.units,
    paused: a.paused,
    detail: { networkAts: a.networkAts, nodes: a.nodes.map((n) => ({ node: n.node, ats: n.ats, units: n.units })), applied: a.applied },
    updatedAtMs: nowMs,
  };
}
